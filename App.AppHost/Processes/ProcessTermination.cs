using System.Diagnostics;

namespace App.AppHost.Processes;

public static class ProcessTermination
{
    /// <summary>
    /// SIGTERM (to the whole process group when the child leads one), then, after <paramref name="grace"/>, SIGKILL to
    /// the process tree. Whatever is left in the group afterwards is killed too, so nothing a service started survives it.
    /// </summary>
    public static async Task StopAsync(Process process, bool leadsGroup, TimeSpan grace)
    {
        var pid = process.Id;
        if (OperatingSystem.IsWindows())
        {
            process.Kill(entireProcessTree: true);
        }
        else if (!process.HasExited)
        {
            PosixSignals.Send(pid, PosixSignals.SigTerm, leadsGroup);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            KillGroup(pid, leadsGroup);
            await process.WaitForExitAsync();
        }

        KillGroup(pid, leadsGroup);
    }

    /// <summary>After a service exited by itself: anything it started must not outlive it.</summary>
    public static void KillGroup(int pid, bool leadsGroup)
    {
        if (leadsGroup)
        {
            PosixSignals.Send(pid, PosixSignals.SigKill, toGroup: true);
        }
    }
}
