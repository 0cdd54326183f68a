using App.Identity.Data;
using App.Identity.Keys;
using App.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests.Support;

/// <summary>
/// One "process" using App.Identity: its own service provider over a real database. Two hosts on the same connection
/// string and data directory behave like two replicas.
/// </summary>
public sealed class IdentityTestHost : IAsyncDisposable
{
    private readonly bool ownsData;
    private readonly AsyncServiceScope scope;

    private IdentityTestHost(ServiceProvider services, string connectionString, string dataDirectory, bool ownsData)
    {
        Services = services;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
        this.ownsData = ownsData;
        scope = services.CreateAsyncScope();
    }

    public ServiceProvider Services { get; }

    public string ConnectionString { get; }

    public string DataDirectory { get; }

    public BootstrapResult Bootstrap { get; private set; } = null!;

    public CallerIdentity PlatformAdmin { get; private set; } = null!;

    /// <summary>A service from the host's long-lived scope (scoped services share one DbContext, like one request).</summary>
    public T Get<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public static async Task<IdentityTestHost> StartAsync(
        Db db, TimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("app-identity-").FullName;
        var connectionString = db == Db.Sqlite
            ? $"Data Source={Path.Combine(dataDirectory, "app.db")}"
            : await PostgresServer.Instance.CreateDatabaseAsync("identity");
        return await StartAsync(connectionString, dataDirectory, ownsData: true, time, settings, configure);
    }

    /// <summary>Another replica over the same database and key ring.</summary>
    public Task<IdentityTestHost> StartReplicaAsync(
        TimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        StartAsync(ConnectionString, DataDirectory, ownsData: false, time, settings, configure);

    public static async Task<IdentityTestHost> StartAsync(
        string connectionString, string dataDirectory, bool ownsData, TimeProvider? time, IDictionary<string, string?>? settings,
        Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:appdb"] = connectionString,
            ["App:DataDirectory"] = dataDirectory,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddAppIdentity(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        configure?.Invoke(services);
        var host = new IdentityTestHost(services.BuildServiceProvider(), connectionString, dataDirectory, ownsData);
        await host.Services.MigrateDbContextAsync<IdentityDbContext>(async (db, scopedServices, cancellationToken) =>
            host.Bootstrap = await IdentityInitialization.SeedAsync(db, scopedServices, bootstrapAdminKey: null, cancellationToken));
        if (host.Bootstrap.GeneratedKey is { } key)
        {
            var result = await host.Get<ApiKeyAuthenticator>().AuthenticateAsync(key);
            host.PlatformAdmin = result.Identity!;
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await Services.DisposeAsync();
        if (ownsData)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
