using Minato.Gis.Database;
using Minato.Testing;
using Npgsql;
using NpgsqlTypes;

namespace Minato.Gis.Tests.Database;

public sealed class SqlTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private NpgsqlDataSource Db => fixture.Database.DataSource;

    [Fact]
    public async Task ExecAsync_ValuesAsParameters_InsertsAndCountsRows()
    {
        await Db.ExecAsync("CREATE TABLE IF NOT EXISTS public.sql_exec (id int PRIMARY KEY, name text)");

        var inserted = await Db.ExecAsync("INSERT INTO public.sql_exec VALUES ($1, $2), ($3, $4)", [1, "a'; DROP TABLE x; --", 2, null]);

        Assert.Equal(2, inserted);
        Assert.Equal("a'; DROP TABLE x; --", await Db.ScalarAsync("SELECT name FROM public.sql_exec WHERE id = $1", [1]));
        Assert.Null(await Db.ScalarAsync("SELECT name FROM public.sql_exec WHERE id = $1", [2])); // null went as SQL NULL
        Assert.Null(await Db.ScalarAsync("SELECT name FROM public.sql_exec WHERE id = $1", [3])); // no row
    }

    [Fact]
    public async Task QueryAsync_ExplicitlyTypedParameter_ReadsEveryRow()
    {
        var rows = await Db.QueryAsync(
            "SELECT g, g * $1 FROM generate_series(1, 3) g ORDER BY g",
            [new NpgsqlParameter { Value = 10L, NpgsqlDbType = NpgsqlDbType.Bigint }],
            r => (r.GetInt32(0), r.GetInt64(1)));

        Assert.Equal([(1, 10L), (2, 20L), (3, 30L)], rows);
    }

    [Fact]
    public async Task ExecAsync_InTransactionRolledBack_LeavesNothing()
    {
        await Db.ExecAsync("CREATE TABLE IF NOT EXISTS public.sql_tx (id int PRIMARY KEY)");
        await using (var conn = await Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await tx.ExecAsync("INSERT INTO public.sql_tx VALUES ($1)", [7]);
            Assert.Equal(1L, await tx.ScalarAsync("SELECT count(*) FROM public.sql_tx WHERE id = $1", [7]));
            Assert.Single(await tx.QueryAsync("SELECT id FROM public.sql_tx", null, r => r.GetInt32(0)));
            await tx.RollbackAsync();
        }

        Assert.Equal(0L, await Db.ScalarAsync("SELECT count(*) FROM public.sql_tx"));
    }

    [Fact]
    public void Command_NoSql_Refused() =>
        Assert.Throws<ArgumentException>(() => Sql.BatchCommand(" "));
}
