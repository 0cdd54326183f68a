using System.Diagnostics;

namespace App.Testing;

/// <summary>Runs a command-line tool to its end (promtool, the AppHost as a publisher) and returns what it printed.</summary>
public static class CommandLine
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? limit = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not end within {limit ?? TimeSpan.FromSeconds(120)}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The dotnet host running the tests, to run an app's dll on the same runtime.</summary>
    public static string Dotnet => ChildProcess.Dotnet;
}
