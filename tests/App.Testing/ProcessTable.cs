namespace App.Testing;

/// <summary>Reads /proc to find processes that belong to one AppHost run, whoever their parent is now.</summary>
public static class ProcessTable
{
    /// <summary>Live processes whose command line or environment mentions <paramref name="marker"/> (a run's unique data directory).</summary>
    public static IReadOnlyList<int> ProcessesMentioning(string marker) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && Mentions(pid, marker))];

    /// <summary>The environment a process was started with, as the kernel recorded it.</summary>
    public static IReadOnlyDictionary<string, string> EnvironmentOf(int pid) =>
        Read($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>argv of a process, as the kernel recorded it.</summary>
    public static IReadOnlyList<string> CommandLineOf(int pid) => Read($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The processes of one service: Aspire starts a project as <c>dotnet run --no-build</c>, which starts the service
    /// itself; the launcher, whose environment says the same, is not the service.
    /// </summary>
    public static IReadOnlyList<int> ServiceProcesses(string marker, string service) =>
        [.. ProcessesMentioning(marker).Where(pid =>
            EnvironmentOf(pid).GetValueOrDefault("OTEL_SERVICE_NAME") == service && CommandLineOf(pid) is not [_, "run", ..])];

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !IsZombie(pid);

    private static bool Mentions(int pid, string marker) =>
        Read($"/proc/{pid}/cmdline").Contains(marker, StringComparison.Ordinal)
        || Read($"/proc/{pid}/environ").Contains(marker, StringComparison.Ordinal);

    private static bool IsZombie(int pid)
    {
        // /proc/<pid>/stat: "pid (comm) S ..."; comm may contain spaces and parentheses, so read after the last ')'.
        var stat = Read($"/proc/{pid}/stat");
        var end = stat.LastIndexOf(')');
        return end >= 0 && stat.Length > end + 2 && stat[end + 2] == 'Z';
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended while we looked, or is not ours to read.
            return "";
        }
    }
}
