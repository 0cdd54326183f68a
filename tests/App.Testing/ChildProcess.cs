using System.Diagnostics;

namespace App.Testing;

/// <summary>What starting and stopping an app of this repository as a real process needs, whichever app it is.</summary>
internal static class ChildProcess
{
    /// <summary>The dotnet host running the tests, so the app runs on the same runtime.</summary>
    public static string Dotnet { get; } =
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    /// <summary>
    /// Starts a server (PostgreSQL's helpers aside: Prometheus, Redis, Azurite) whose output nobody reads: drained, so a
    /// full pipe never blocks it. <paramref name="configure"/> may set environment variables or redirect stdin.
    /// </summary>
    public static Process StartServer(string fileName, IEnumerable<string> arguments, Action<ProcessStartInfo>? configure = null)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        configure?.Invoke(info);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, as a service manager would send it; killed with its children only if it does not stop within <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        PosixSignals.Terminate(process.Id);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
