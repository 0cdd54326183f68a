using App.Jobs.Data;
using App.Storage;
using App.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace App.Jobs.Tests;

/// <summary>
/// The jobs module on a fresh real database (a SQLite file or a PostgreSQL database), wired as Api and Worker wire it.
/// Each <see cref="NewScope"/> is one request or one worker: its own DbContext and connection.
/// </summary>
public sealed class JobsHarness : IAsyncDisposable
{
    public static readonly Guid TenantA = Guid.Parse("0199aaaa-0000-7000-8000-00000000000a");
    public static readonly Guid TenantB = Guid.Parse("0199bbbb-0000-7000-8000-00000000000b");
    public static readonly string[] Kinds = ["speech-screening", "document-ingestion"];

    private readonly List<AsyncServiceScope> _scopes = [];
    private readonly string _folder;

    private JobsHarness(ServiceProvider services, string connectionString, string folder, ManualClock clock)
    {
        Services = services;
        ConnectionString = connectionString;
        _folder = folder;
        Clock = clock;
    }

    public ServiceProvider Services { get; }

    public string ConnectionString { get; }

    public ManualClock Clock { get; }

    /// <param name="services">Registrations that come before the module's own, such as another <see cref="Signals.JobSignal"/>.</param>
    public static async Task<JobsHarness> CreateAsync(TestDb db, Action<JobsOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"app-jobs-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var connectionString = db == TestDb.PostgreSql
            ? await PostgresServer.Instance.CreateDatabaseAsync("jobs")
            : $"Data Source={Path.Combine(folder, "app.db")}";

        var clock = new ManualClock();
        var registrations = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        services?.Invoke(registrations);
        var provider = registrations
            .AddJobs(connectionString)
            .AddBlobStorage(Path.Combine(folder, "blobs"))
            .Configure<JobsOptions>(o => configure?.Invoke(o))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await provider.MigrateDbContextAsync<JobsDbContext>();
        return new JobsHarness(provider, connectionString, folder, clock);
    }

    public IServiceProvider NewScope()
    {
        var scope = Services.CreateAsyncScope();
        lock (_scopes)
        {
            _scopes.Add(scope);
        }

        return scope.ServiceProvider;
    }

    public JobQueue NewQueue() => NewScope().GetRequiredService<JobQueue>();

    public JobsDbContext NewDbContext() => NewScope().GetRequiredService<JobsDbContext>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public Task<JobInfo> EnqueueAsync(Guid? tenantId = null, string kind = "speech-screening", int? maxAttempts = null) =>
        NewQueue().EnqueueAsync(new NewJob(tenantId ?? TenantA, kind, """{"blob":"x"}""", MaxAttempts: maxAttempts));

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }

        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
