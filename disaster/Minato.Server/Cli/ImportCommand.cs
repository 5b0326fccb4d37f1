namespace Minato.Server.Cli;

/// <summary><c>import &lt;layer&gt; &lt;file&gt;</c>: run the importer for a layer and print per-row errors.</summary>
internal static class ImportCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("import: not built yet");
        return Task.FromResult(2);
    }
}
