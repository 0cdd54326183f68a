using System.Collections.Concurrent;
using System.Diagnostics;

namespace App.Gateway.Tests.Fixtures;

/// <summary>
/// The gateway as the real process the AppHost would start (dotnet App.Gateway.dll from the build output), configured
/// only through environment variables, on a free port of 127.0.0.1.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private GatewayProcess(Process process, Uri address)
    {
        Process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Process Process { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo(DotnetHost(), Path.Combine(AppContext.BaseDirectory, "App.Gateway.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only what the test says: nothing inherited may point the gateway at some other service.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("services__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Gateway__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Cors__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        // These tests are about forwarding, against fake backends and without a database: authentication, rate limits and
        // internal identity are off here and tested through the whole system in tests/App.Security.Tests.
        start.Environment["Gateway__Authentication__Enabled"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The gateway process did not start.");
        var gateway = new GatewayProcess(process, address);
        process.OutputDataReceived += (_, e) => gateway.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await gateway.WaitUntilAliveAsync();
        return gateway;
    }

    public long WorkingSet()
    {
        Process.Refresh();
        return Process.WorkingSet64;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilAliveAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {Process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await Client.GetAsync("/alive");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The gateway did not become alive:{Environment.NewLine}{Output}");
    }

    /// <summary>The dotnet host running the tests, so the gateway runs on the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }
}
