using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Data;

/// <summary>Picks the database from the connection string alone, so switching embedded/distributed mode is configuration.</summary>
public static class AppDatabase
{
    public const string ConnectionStringName = "appdb";

    public static DatabaseProvider DetectProvider(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.ContainsKey("Host") || builder.ContainsKey("Server"))
        {
            return DatabaseProvider.PostgreSql;
        }

        if (builder.ContainsKey("Data Source") || builder.ContainsKey("DataSource") || builder.ContainsKey("Filename"))
        {
            return DatabaseProvider.Sqlite;
        }

        throw new InvalidOperationException(
            $"ConnectionStrings:{ConnectionStringName} is neither SQLite ('Data Source=...') nor PostgreSQL ('Host=...').");
    }

    /// <summary>
    /// Configures EF Core for either database; each context keeps its own migrations history table (contexts share one
    /// database) and applies only the migrations generated for that database (<see cref="ProviderMigrationsAssembly"/>).
    /// </summary>
    public static DbContextOptionsBuilder UseAppDatabase(
        this DbContextOptionsBuilder options, string connectionString, string migrationsHistoryTable)
    {
        switch (DetectProvider(connectionString))
        {
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(migrationsHistoryTable));
                options.AddInterceptors(PostgresPoolReset.Instance);
                break;
            default:
                EnsureSqliteDirectory(connectionString);
                options.UseSqlite(connectionString, o => o.MigrationsHistoryTable(migrationsHistoryTable));
                options.AddInterceptors(SqlitePragmas.Instance);
                break;
        }

        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        return options;
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (dataSource != ":memory:" && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    public static bool IsPostgreSql(this DbContext context) => context.Database.IsNpgsql();
}
