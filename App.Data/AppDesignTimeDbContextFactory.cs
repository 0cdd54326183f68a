using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Data;

/// <summary>
/// A context for <c>dotnet ef</c> (scripts/add-migration.sh). The provider comes from <c>-- --provider Sqlite|PostgreSql</c>
/// (or <c>APP_DB_PROVIDER</c>), because each provider has its own migrations. The connection string is
/// <c>ConnectionStrings__appdb</c> when it names that provider, else a placeholder that is never opened
/// (<c>migrations add</c> reads the model only).
/// </summary>
public abstract class AppDesignTimeDbContextFactory<TContext>(
    string migrationsHistoryTable, Func<DbContextOptions<TContext>, TContext> create) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public const string ProviderVariable = "APP_DB_PROVIDER";

    public TContext CreateDbContext(string[] args)
    {
        var provider = ProviderFrom(args);
        var configured = Environment.GetEnvironmentVariable($"ConnectionStrings__{AppDatabase.ConnectionStringName}");
        var connectionString = configured is not null && AppDatabase.DetectProvider(configured) == provider
            ? configured
            : provider == DatabaseProvider.PostgreSql ? "Host=localhost;Database=app" : "Data Source=:memory:";
        var options = new DbContextOptionsBuilder<TContext>().UseAppDatabase(connectionString, migrationsHistoryTable);
        return create((DbContextOptions<TContext>)options.Options);
    }

    private static DatabaseProvider ProviderFrom(string[] args)
    {
        var index = Array.IndexOf(args, "--provider");
        var name = index >= 0 && index + 1 < args.Length ? args[index + 1] : Environment.GetEnvironmentVariable(ProviderVariable);
        return Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider)
            ? provider
            : throw new ArgumentException(
                $"Name the database the migrations are for: dotnet ef ... -- --provider {DatabaseProvider.Sqlite}|{DatabaseProvider.PostgreSql} (or {ProviderVariable}).");
    }
}
