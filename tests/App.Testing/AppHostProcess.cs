using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace App.Testing;

/// <summary>The AppHost started as a real process from its build output, as a developer would run it.</summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private const string GatewayPrefix = "Gateway: ";

    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _gateway = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Process _process;

    private AppHostProcess(Process process) => _process = process;

    public Process Process => _process;

    public int GatewayLineCount => _output.Count(l => l.StartsWith(GatewayPrefix, StringComparison.Ordinal));

    public static string TargetPath { get; } =
        typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TargetPath:App.AppHost").Value!;

    /// <summary>
    /// Starts the AppHost with <paramref name="runMarker"/> in its environment; every process it starts inherits it, so a
    /// /proc scan finds whatever this run left behind.
    /// </summary>
    public static AppHostProcess Start(string runMarker, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(ChildProcess.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TargetPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        // What the http launch profile gives `dotnet run`, on ports of this run's own so that AppHosts can run side by side.
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Loopback()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Loopback()}";
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Loopback()}";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["APP_SYSTEM_TEST_RUN"] = runMarker;

        var host = new AppHostProcess(new Process { StartInfo = info });
        host._process.OutputDataReceived += (_, e) => host.Record(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the "Gateway:" line, printed once every service is healthy; fails early if the AppHost exits.</summary>
    public async Task<Uri> WaitUntilReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        Task first;
        try
        {
            first = await Task.WhenAny(_gateway.Task, exited).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The AppHost printed no Gateway line within {timeout.TotalSeconds} s.\n{OutputTail()}");
        }

        if (first == exited)
        {
            throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode} before it was ready.\n{OutputTail()}");
        }

        return new Uri(await _gateway.Task);
    }

    public string OutputTail(int lines = 60) => string.Join('\n', _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process, TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.StartsWith(GatewayPrefix, StringComparison.Ordinal))
        {
            _gateway.TrySetResult(line[GatewayPrefix.Length..]);
        }
    }
}
