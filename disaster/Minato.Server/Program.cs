using Minato.Server.Cli;
using Minato.Server.Hosting;

// `Minato.Server <command> …` runs a CLI command (db migrate, import, demo load, …); `serve` or options serve.
if (CliCommands.TryGet(args, out var command) && command is not null)
{
    return await command(args[1..]);
}

var app = ServerHost.Build(args);
return await ServerExit.RunAsync(app); // 0 when stopped, 1 when it could not go on (a service manager restarts it)

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
