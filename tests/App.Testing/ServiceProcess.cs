using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace App.Testing;

/// <summary>
/// One service started as a real process from its build output on a free loopback port, its output kept for assertions;
/// stopped with SIGTERM as a service manager would, killed only if it does not stop.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public IReadOnlyCollection<string> OutputLines => _lines.ToArray();

    public string Output => string.Join('\n', _lines);

    /// <summary>
    /// The output dll of a project the test project references with ReferenceOutputAssembly="false" and whose path
    /// tests/ReferencedTargetPaths.targets recorded in the test assembly.
    /// </summary>
    public static string TargetPathOf(Assembly testAssembly, string assemblyName) =>
        testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == $"TargetPath:{assemblyName}").Value!;

    /// <param name="notInherited">
    /// Prefixes of variables of the test runner's own environment the service must not see (configuration that could point
    /// it at some other service, for one): it gets only what <paramref name="environment"/> says for those.
    /// </param>
    public static ServiceProcess Start(string dll, IReadOnlyDictionary<string, string> environment, params string[] notInherited)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Loopback()}");
        var info = new ProcessStartInfo(ChildProcess.Dotnet)
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in info.Environment.Keys.Where(k => notInherited.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            info.Environment.Remove(name);
        }

        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var service = new ServiceProcess(new Process { StartInfo = info }, address);
        service._process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._lines.Enqueue(e.Data); };
        service._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service._lines.Enqueue(e.Data); };
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The memory the process holds right now.</summary>
    public long WorkingSet()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>Waits (bounded) for /alive; fails early, with the output, if the process exits first.</summary>
    public async Task WaitUntilAliveAsync()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(Address, "/alive"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{Address} did not come up:\n{Output}");
    }

    /// <summary>For a process expected to stop by itself: its exit code, or a failure with the output if it runs on.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Address} still runs after {limit}:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process, TimeSpan.FromSeconds(20));
        _process.Dispose();
    }
}
