using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>
/// Options for a context's <c>IDesignTimeDbContextFactory</c>, that is for <c>dotnet ef</c>: the provider comes from
/// <c>-- --provider Sqlite|PostgreSql</c> (or <c>APP_DB_PROVIDER</c>), because each provider has its own migrations. The
/// connection string is <c>ConnectionStrings__appdb</c> when it names that provider, else a placeholder that is never
/// opened (<c>migrations add</c> reads the model only). See scripts/add-migration.sh.
/// </summary>
public static class DesignTimeDatabase
{
    public const string ProviderVariable = "APP_DB_PROVIDER";

    public static DbContextOptions<TContext> Options<TContext>(string[] args, string migrationsHistoryTable)
        where TContext : DbContext
    {
        var provider = ProviderFrom(args);
        var configured = Environment.GetEnvironmentVariable($"ConnectionStrings__{AppDatabase.ConnectionStringName}");
        var connectionString = configured is not null && AppDatabase.DetectProvider(configured) == provider
            ? configured
            : provider == DatabaseProvider.PostgreSql ? "Host=localhost;Database=app" : "Data Source=:memory:";
        return (DbContextOptions<TContext>)new DbContextOptionsBuilder<TContext>()
            .UseAppDatabase(connectionString, migrationsHistoryTable)
            .Options;
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
