using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Xunit;

namespace App.Testing;

/// <summary>
/// One AppHost run for a whole test class: a free gateway port and a data directory of its own. Derive to add
/// environment variables (for example APP_BOOTSTRAP_ADMIN_KEY) through <see cref="Environment"/>.
/// </summary>
public class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(120);

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("app-system-").FullName;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public AppHostProcess AppHost { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public Uri Dashboard { get; private set; } = null!;

    public int GatewayPort { get; } = FreeLoopbackPort();

    protected virtual IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        AppHost = AppHostProcess.Start(DataDirectory, Environment, "--gateway-port", $"{GatewayPort}", "--data-dir", DataDirectory);
        (Gateway, Dashboard) = await AppHost.WaitUntilReadyAsync(ReadyLimit);
    }

    public async Task<IReadOnlyList<ResourceRow>> ResourcesAsync() =>
        (await Http.GetFromJsonAsync<IReadOnlyList<ResourceRow>>(new Uri(Dashboard, "/api/resources")))!;

    public async Task<ResourceRow> ResourceAsync(string name) => (await ResourcesAsync()).Single(r => r.Name == name);

    /// <summary>The gateway's /health, whatever its status code (503 carries the same body).</summary>
    public async Task<(HttpStatusCode Status, HealthReport Report)> GatewayHealthAsync()
    {
        using var response = await Http.GetAsync(new Uri(Gateway, "/health"));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<HealthReport>())!);
    }

    public async Task DisposeAsync()
    {
        await AppHost.DisposeAsync();
        Http.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
