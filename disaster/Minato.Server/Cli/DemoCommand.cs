namespace Minato.Server.Cli;

/// <summary><c>demo load</c>: load the project's own demo dataset (data/demo) into MINATO_DB.</summary>
internal static class DemoCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("demo load: not built yet");
        return Task.FromResult(2);
    }
}
