using Npgsql;
using Xunit;

namespace Minato.Testing;

/// <summary>xunit class fixture: one fresh database per test class.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _db;

    public TestDatabase Database => _db ?? throw new InvalidOperationException("fixture not initialised");

    public NpgsqlDataSource DataSource => Database.DataSource;

    public async ValueTask InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
