using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using App.Testing;

namespace App.Predictions.Tests.Infrastructure;

/// <summary>A worker started directly from its build output, on a database and blob folder of its own.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public static string TargetPath { get; } =
        typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TargetPath:App.Worker").Value!;

    public Uri Url { get; }

    public string Output => string.Join('\n', _output);

    public static WorkerProcess Start(string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(TargetPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(TargetPath);
        info.Environment["ASPNETCORE_URLS"] = url.ToString();
        info.Environment["ConnectionStrings__appdb"] = $"Data Source={Path.Combine(dataDirectory, "app.db")}";
        info.Environment["ConnectionStrings__blobs"] = Path.Combine(dataDirectory, "blobs");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var worker = new WorkerProcess(new Process { StartInfo = info }, url);
        worker._process.OutputDataReceived += (_, e) => worker._output.Enqueue(e.Data ?? "");
        worker._process.ErrorDataReceived += (_, e) => worker._output.Enqueue(e.Data ?? "");
        worker._process.Start();
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Terminate(_process.Id);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
