namespace Minato.Sensors; internal static class AssemblyMarker;
