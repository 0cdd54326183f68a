using System.Data.Common;
using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace App.Jobs.Tests;

/// <summary>The migration is written by hand (no EF Core Design package), so check it against the model it must match.</summary>
public sealed class SchemaTests
{
    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Migrated_tables_have_exactly_the_model_columns_nullability_and_indexes(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var context = h.NewDbContext();
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();

        foreach (var entity in context.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table);
            var expectedColumns = entity.GetProperties()
                .Select(p => (Name: p.GetColumnName(store)!, Nullable: p.IsColumnNullable(store)))
                .OrderBy(c => c.Name);
            var expectedIndexes = entity.GetIndexes().Select(i => i.GetDatabaseName(store)!).Order();

            var columns = context.IsPostgreSql()
                ? await ReadAsync(connection, $"SELECT column_name, is_nullable = 'YES' FROM information_schema.columns WHERE table_name = '{table}'")
                : await ReadAsync(connection, $"SELECT name, \"notnull\" = 0 AND pk = 0 FROM pragma_table_info('{table}')");
            var indexes = context.IsPostgreSql()
                ? await ReadAsync(connection, $"SELECT indexname, false FROM pg_indexes WHERE tablename = '{table}' AND indexname NOT LIKE 'PK_%'")
                : await ReadAsync(connection, $"SELECT name, 0 FROM pragma_index_list('{table}') WHERE origin = 'c'");

            Assert.Equal(expectedColumns, columns.OrderBy(c => c.Name));
            Assert.Equal(expectedIndexes, indexes.Select(i => i.Name).Order());
        }
    }

    private static async Task<List<(string Name, bool Nullable)>> ReadAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, bool)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), Convert.ToBoolean(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
