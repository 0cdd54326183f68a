using System.Collections.Concurrent;
using System.Diagnostics;

namespace App.AppHost.Processes;

/// <summary>
/// Starts services so that none outlives the AppHost. On Linux each child runs under
/// <c>setpriv --pdeathsig TERM setsid dotnet app.dll</c>: the kernel sends it SIGTERM when the AppHost dies, even by
/// kill -9, and its own session keeps a terminal's Ctrl+C away from it, so the AppHost alone decides the stop order.
/// The parent-death signal fires when the forking *thread* exits, and thread-pool threads come and go; so every child
/// is forked from one dedicated thread that lives as long as the AppHost.
/// </summary>
public sealed class ChildProcessLauncher : IDisposable
{
    private const string Setpriv = "/usr/bin/setpriv";
    private const string Setsid = "/usr/bin/setsid";

    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> _requests = [];

    public ChildProcessLauncher()
    {
        IsolatesChildren = OperatingSystem.IsLinux() && File.Exists(Setpriv) && File.Exists(Setsid);
        new Thread(ForkRequestedProcesses) { IsBackground = true, Name = "child-process-launcher" }.Start();
    }

    /// <summary>True when each child leads its own process group (its PID is the group id) and dies with the AppHost.</summary>
    public bool IsolatesChildren { get; }

    public ProcessStartInfo CreateStartInfo(string targetPath, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = Path.GetDirectoryName(targetPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // A child that shares the terminal's stdin can leave it without echo; services read no input.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (IsolatesChildren)
        {
            info.FileName = Setpriv;
            foreach (var argument in new[] { "--pdeathsig", "TERM", Setsid, DotnetMuxer.FilePath })
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = DotnetMuxer.FilePath;
        }

        info.ArgumentList.Add(targetPath);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    public Task<Process> StartAsync(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((info, started));
        return started.Task;
    }

    public void Dispose() => _requests.CompleteAdding();

    private void ForkRequestedProcesses()
    {
        foreach (var (info, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start.");
                process.StandardInput.Close();
                started.SetResult(process);
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
