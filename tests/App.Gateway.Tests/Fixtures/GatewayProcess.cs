using App.Testing;

namespace App.Gateway.Tests.Fixtures;

/// <summary>
/// The gateway as the real process the AppHost would start (dotnet App.Gateway.dll from the build output), configured
/// only through environment variables, on a free port of 127.0.0.1.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    /// <summary>Only what the test says: nothing inherited may point the gateway at some other service.</summary>
    private static readonly string[] NotInherited = ["services__", "Gateway__", "ReverseProxy__", "Cors__", "OTEL_", "ASPNETCORE_"];

    private readonly ServiceProcess _process;

    private GatewayProcess(ServiceProcess process)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = process.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address => _process.Address;

    public HttpClient Client { get; }

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        // These tests are about forwarding, against fake backends and without a database: authentication, rate limits and
        // internal identity are off here and tested through the whole system in tests/App.Security.Tests.
        var settings = new Dictionary<string, string> { ["Gateway__Authentication__Enabled"] = "false" };
        foreach (var (key, value) in environment)
        {
            settings[key] = value;
        }

        var process = ServiceProcess.Start(Path.Combine(AppContext.BaseDirectory, "App.Gateway.dll"), settings, NotInherited);
        try
        {
            await process.WaitUntilAliveAsync();
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new GatewayProcess(process);
    }

    public long WorkingSet() => _process.WorkingSet();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }
}
