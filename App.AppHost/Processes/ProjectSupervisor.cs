using System.Diagnostics;
using App.AppHost.Hosting;
using App.AppHost.Resources;

namespace App.AppHost.Processes;

/// <summary>
/// Runs one service for the AppHost's lifetime: waits for what it waits for, starts it, probes its health, restarts it
/// with backoff when it exits, and stops it when asked.
/// </summary>
public sealed class ProjectSupervisor(
    ProjectResource project,
    AppHostOptions options,
    ChildProcessLauncher launcher,
    HealthProbe probe,
    ConsoleOutput output)
{
    private static readonly TimeSpan StartingProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RunningProbeInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly RestartBackoff _backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
    private Process? _process;
    private bool _stopRequested;
    private Task _running = Task.CompletedTask;

    public ProjectResource Project => project;

    public void Start(CancellationToken shutdown) => _running = RunAsync(shutdown);

    public async Task StopAsync()
    {
        Process? process;
        lock (_gate)
        {
            _stopRequested = true;
            process = _process;
        }

        if (process is not null)
        {
            await ProcessTermination.StopAsync(process, launcher.IsolatesChildren, options.StopGracePeriod);
        }

        await _running;
    }

    private async Task RunAsync(CancellationToken shutdown)
    {
        try
        {
            for (var isRestart = false; ; isRestart = true)
            {
                project.Status.Waiting();
                foreach (var dependency in project.WaitsFor)
                {
                    await dependency.Status.WaitUntilAsync(s => s.IsReady, shutdown);
                }

                var (exitCode, uptime) = await RunOnceAsync(isRestart);
                if (_stopRequested)
                {
                    project.Status.Stopped(exitCode);
                    output.Event(project.Name, $"stopped (exit code {exitCode})");
                    return;
                }

                if (shutdown.IsCancellationRequested)
                {
                    project.Status.Exited(exitCode);
                    output.Event(project.Name, $"exited with code {exitCode} during shutdown");
                    return;
                }

                var delay = _backoff.Next(uptime);
                project.Status.Restarting(exitCode);
                output.Event(project.Name, $"exited with code {exitCode}; restarting in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, shutdown);
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            project.Status.Stopped(null);
        }
    }

    private async Task<(int ExitCode, TimeSpan Uptime)> RunOnceAsync(bool isRestart)
    {
        var info = launcher.CreateStartInfo(project.TargetPath, ServiceEnvironment.For(project, options));
        var process = await launcher.StartAsync(info);
        var started = Stopwatch.StartNew();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Line(project.Name, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.ErrorLine(project.Name, e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool stopRequested;
        lock (_gate)
        {
            _process = process;
            stopRequested = _stopRequested;
        }

        project.Status.Started(process.Id, isRestart);
        output.Event(project.Name, $"started (pid {process.Id}) at {project.HttpUrl}");
        if (stopRequested)
        {
            // StopAsync ran while the fork was in flight and found nothing to stop.
            process.Kill(entireProcessTree: true);
        }

        using var exited = new CancellationTokenSource();
        var probing = ProbeUntilExitAsync(exited.Token);
        await process.WaitForExitAsync();
        await exited.CancelAsync();
        await probing;

        ProcessTermination.KillGroup(process.Id, launcher.IsolatesChildren);
        lock (_gate)
        {
            _process = null;
        }

        return (process.ExitCode, started.Elapsed);
    }

    private async Task ProbeUntilExitAsync(CancellationToken exited)
    {
        try
        {
            while (true)
            {
                project.Status.Observed(await probe.CheckAsync(project.HttpUrl, exited));
                var healthy = project.Status.Snapshot().State == ResourceState.Healthy;
                await Task.Delay(healthy ? RunningProbeInterval : StartingProbeInterval, exited);
            }
        }
        catch (OperationCanceledException) when (exited.IsCancellationRequested)
        {
            // The process is gone; its exit decides the next state.
        }
    }
}
