using App.Testing;

namespace App.SystemTests;

/// <summary>
/// `dotnet run --project App.AppHost` as a real process: however it ends, DCP takes every service (and, distributed,
/// PostgreSQL) with it (FEED.md: within 12-20 s). Each test has a data directory of its own, which every child's environment mentions.
/// </summary>
public sealed class ProcessLifetimeTests : IDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan CleanupLimit = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("app-lifetime-").FullName;

    [Theory]
    [InlineData(PosixSignals.Sigterm)]
    [InlineData(PosixSignals.Sigkill)]
    public async Task Stopping_the_apphost_leaves_no_child_process(int signal)
    {
        await using var host = AppHostProcess.Start(_dataDirectory, new Dictionary<string, string>(),
            ["--gateway-port", $"{FreePort.Loopback()}", "--data-dir", _dataDirectory, .. AppHostFixture.Distributed ? ["--distributed"] : Array.Empty<string>()]);
        await host.WaitUntilReadyAsync(ReadyLimit);
        // The AppHost's own defaults: one api and one worker embedded, two of each distributed.
        string[] names = AppHostFixture.Distributed ? ["api", "api-2", "worker", "worker-2", "rag", "gateway"] : ["api", "worker", "rag", "gateway"];
        var services = names.SelectMany(s => ProcessTable.ServiceProcesses(_dataDirectory, s)).ToList();

        PosixSignals.Send(host.Process.Id, signal);
        await host.Process.WaitForExitAsync().WaitAsync(CleanupLimit);
        var left = await Eventually.UntilAsync(
            () => Task.FromResult(ProcessTable.ProcessesMentioning(_dataDirectory)),
            pids => pids.Count == 0,
            CleanupLimit,
            pids => $"still alive: {string.Join(", ", pids ?? [])}\n{host.OutputTail()}");

        Assert.Equal(names.Length, services.Count);
        Assert.Empty(left);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
