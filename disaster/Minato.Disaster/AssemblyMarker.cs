namespace Minato.Disaster; internal static class AssemblyMarker;
