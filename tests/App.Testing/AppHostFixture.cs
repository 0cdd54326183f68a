using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using App.Identity;
using App.Identity.Keys;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace App.Testing;

/// <summary>
/// The real AppHost for a whole test class or collection, started in process by Aspire.Hosting.Testing: a gateway port
/// and a data directory of its own; every resource healthy before the first test. <c>APP_TEST_MODE=distributed</c> runs
/// the same tests on PostgreSQL (<c>--distributed</c>). Derive to give every service (and the AppHost's configuration)
/// more settings through <see cref="Environment"/>. The platform admin's key is known (<see cref="AdminKey"/>), and
/// clients of the gateway and tenants with keys come from here (AppHostFixture.Gateway.cs).
/// </summary>
public partial class AppHostFixture : IAsyncLifetime
{
    public const string ModeVariable = "APP_TEST_MODE";
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(300);

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("app-system-").FullName;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public DistributedApplication App { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public int GatewayPort { get; } = FreePort.Loopback();

    public static bool Distributed => System.Environment.GetEnvironmentVariable(ModeVariable) == "distributed";

    /// <summary>The bootstrap admin key (APP_BOOTSTRAP_ADMIN_KEY) of this run: an admin of the default tenant, a platform admin.</summary>
    public string AdminKey { get; } = ApiKeyFormat.Generate(out _);

    /// <summary>More settings for the AppHost and every service; the bootstrap admin key is always <see cref="AdminKey"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    /// <summary>
    /// More of the AppHost's own options (<c>--api-replicas 2</c>). Unless they say otherwise a test system has one api and
    /// one worker, in both modes (the distributed AppHost's default is two of each), so that a test may crash "the" worker.
    /// </summary>
    protected virtual IReadOnlyList<string> Arguments { get; } = [];

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>(Environment) { [IdentityInitialization.BootstrapKeyVariable] = AdminKey };
        string[] arguments =
        [
            "--gateway-port", $"{GatewayPort}", "--data-dir", DataDirectory,
            .. Distributed ? ["--distributed"] : Array.Empty<string>(),
            .. Arguments.Contains("--api-replicas") ? Array.Empty<string>() : ["--api-replicas", "1"],
            .. Arguments.Contains("--worker-replicas") ? Array.Empty<string>() : ["--worker-replicas", "1"],
            .. Arguments,
            .. settings.Select(e => $"{e.Key}={e.Value}"),
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.App_AppHost>(arguments);
        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            var resource = builder.CreateResourceBuilder(service).WithEnvironment(RunMarker, DataDirectory);
            foreach (var (name, value) in settings)
            {
                resource.WithEnvironment(name, value);
            }
        }

        // Every service: api, worker, rag and gateway, and each further api replica.
        var services = builder.Resources.OfType<ProjectResource>().Select(r => r.Name).ToList();
        App = await builder.BuildAsync();
        using var ready = new CancellationTokenSource(ReadyLimit);
        await App.StartAsync(ready.Token);
        foreach (var service in services)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(service, ready.Token);
        }

        Gateway = App.GetEndpoint("gateway", "http");
    }

    /// <summary>Every service process of this run carries it in its environment (see <see cref="ProcessTable"/>).</summary>
    public const string RunMarker = "APP_SYSTEM_TEST_RUN";

    /// <summary>A service's own address, bypassing the gateway.</summary>
    public Uri ServiceAddress(string name) => App.GetEndpoint(name, "http");

    /// <summary>The live processes of one service of this run, found by their environment.</summary>
    public IReadOnlyList<int> ProcessesOf(string service) => ProcessTable.ServiceProcesses(DataDirectory, service);

    /// <summary>
    /// Kills a service's processes as a crash would and waits until Aspire has seen them exit: a restart command sent
    /// while the exit is still being noticed fails ("Failed to stop resource").
    /// </summary>
    public async Task CrashAsync(string service)
    {
        foreach (var pid in ProcessesOf(service))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.ResourceNotifications.WaitForResourceAsync(service, KnownResourceStates.TerminalStates, limit.Token);
    }

    /// <summary>
    /// Starts a crashed service again, as the dashboard's start command does (Aspire does not restart a crashed
    /// project by itself), and waits until it is healthy.
    /// </summary>
    public async Task StartServiceAsync(string service)
    {
        // DCP now and then reports a start that follows a crash closely as FailedToStart before the process ran (CI,
        // December 1; Aspire quarantines its own test of this, microsoft/aspire#15777): the dashboard's user would press
        // start again, and so does this, twice at most, so a service that really cannot start still fails the test.
        for (var attempt = 1; ; attempt++)
        {
            var result = await App.ResourceCommands.ExecuteCommandAsync(service, KnownResourceCommands.StartCommand);
            Assert.True(result.Success, result.Message);
            using var ready = new CancellationTokenSource(ReadyLimit);
            try
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(service, ready.Token);
                return;
            }
            catch (DistributedApplicationException e) when (attempt < 3 && e.Message.Contains("failed to start", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <summary>
    /// A connection to the application database, as a service would open it (SQLite file or PostgreSQL). Name
    /// parameters <c>@name</c>: both providers take that form.
    /// </summary>
    public async Task<DbConnection> OpenDatabaseAsync()
    {
        var connectionString = await App.GetConnectionStringAsync(Distributed ? "postgres" : "appdb")
            ?? throw new InvalidOperationException("The AppHost gave no database connection string.");
        DbConnection connection = Distributed
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection($"{connectionString};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The gateway's /health, whatever its status code (503 carries the same body).</summary>
    public async Task<(HttpStatusCode Status, HealthReport Report)> GatewayHealthAsync()
    {
        using var response = await Http.GetAsync(new Uri(Gateway, "/health"));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<HealthReport>())!);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        Http.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

public static class DbCommandExtensions
{
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
