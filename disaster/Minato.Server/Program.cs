using Minato.Server.Cli;
using Minato.Server.Hosting;

// `Minato.Server <command> …` runs a CLI command (db migrate, import, demo load, …); `serve` or options serve.
if (CliCommands.TryGet(args, out var command) && command is not null)
{
    return await command(args[1..]);
}

WebApplication app;
try
{
    app = ServerHost.Build(args);
}
catch (ServerConfigurationException e)
{
    // A refusal to start (e.g. a signing key everyone knows) is a message for the operator, not a crash with a stack trace.
    Console.Error.WriteLine($"Minato.Server does not start: {e.Message}");
    return 1;
}

return await ServerExit.RunAsync(app); // 0 when stopped, 1 when it could not go on (a service manager restarts it)

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
