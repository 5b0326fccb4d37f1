using Minato.Gis.Database;

namespace Minato.Server.Hosting;

/// <summary>The one <see cref="Npgsql.NpgsqlDataSource"/>, migrations in the background, and the clock.</summary>
internal static class DatabaseServices
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration[GisDataSource.ConnectionStringVariable]
            ?? builder.Configuration.GetConnectionString("Minato")
            ?? throw new InvalidOperationException("No database: set MINATO_DB or ConnectionStrings:Minato");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => GisDataSource.Create(connectionString));
        DatabaseStartup.Add(builder.Services, connectionString); // migrations in the background; /healthz; the exit code
        return builder;
    }
}
