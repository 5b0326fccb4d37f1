using Minato.Gis.Database;
using Npgsql;

namespace Minato.Testing;

/// <summary>
/// A database of the test's own: a clone of a migrated template (CREATE DATABASE … TEMPLATE), dropped on dispose.
/// Tests never share rows. Use as an xunit class fixture or create one per test.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    // The template's name carries a hash of the migrations, so an edited or added migration gets a fresh template.
    private static readonly string TemplateName = "minato_tpl_" + MigrationsHash();
    private const long TemplateLock = 0x4D494E41544F; // "MINATO"
    private static readonly SemaphoreSlim TemplateReady = new(1, 1);
    private static bool _templateMigrated;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = GisDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates a fresh migrated database. Skips (or fails under CI) when PostgreSQL is not reachable.</summary>
    public static async Task<TestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.AdminConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        try
        {
            await conn.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            TestEnvironment.Unavailable($"PostgreSQL at {admin.Host}:{admin.Port} is not reachable: {e.Message}");
            throw;
        }

        // Several test processes may run at once: a session-level advisory lock serialises template work.
        await Exec(conn, $"SELECT pg_advisory_lock({TemplateLock})", cancellationToken);
        try
        {
            await TemplateReady.WaitAsync(cancellationToken);
            try
            {
                if (!_templateMigrated)
                {
                    await using (var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn))
                    {
                        check.Parameters.AddWithValue(TemplateName);
                        if (await check.ExecuteScalarAsync(cancellationToken) is null)
                        {
                            await Exec(conn, $"CREATE DATABASE {TemplateName}", cancellationToken);
                        }
                    }

                    var template = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = TemplateName };
                    var result = DatabaseMigrator.Migrate(template.ConnectionString);
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException("migrating the test template failed: " + result.Error);
                    }

                    _templateMigrated = true;
                }
            }
            finally
            {
                TemplateReady.Release();
            }

            var name = "t_" + Guid.NewGuid().ToString("N")[..16];
            await Exec(conn, $"CREATE DATABASE {name} TEMPLATE {TemplateName}", cancellationToken);
            var cs = new NpgsqlConnectionStringBuilder(TestEnvironment.AdminConnectionString) { Database = name };
            return new TestDatabase(name, cs.ConnectionString);
        }
        finally
        {
            await Exec(conn, $"SELECT pg_advisory_unlock({TemplateLock})", CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.AdminConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        await conn.OpenAsync();
        await Exec(conn, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
    }

    /// <summary>Runs SQL in this database (test setup only).</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads one scalar (test assertions only).</summary>
    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken = default)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        var value = await cmd.ExecuteScalarAsync(cancellationToken);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string MigrationsHash()
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        foreach (var file in Directory.GetFiles(DatabaseMigrator.DefaultScriptsFolder, "*.sql").Order(StringComparer.Ordinal))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n" + File.ReadAllText(file));
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!)[..12].ToLowerInvariant();
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken cancellationToken)
    {
        // Names here are generated by this class (t_ + hex), never user input.
#pragma warning disable CA2100
        await using var cmd = new NpgsqlCommand(sql, conn);
#pragma warning restore CA2100
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
