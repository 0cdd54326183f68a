using App.Testing;

namespace App.Predictions.Tests;

public sealed class WorkerStartTests : IDisposable
{
    private static readonly string WorkerDll = ServiceProcess.TargetPathOf(typeof(WorkerStartTests).Assembly, "App.Worker");

    private readonly string _data = Directory.CreateTempSubdirectory("app-predictions-start-").FullName;

    [Fact]
    public async Task A_worker_whose_database_cannot_be_migrated_exits_at_start_with_the_reason()
    {
        var database = Path.Combine(_data, "app.db");
        await File.WriteAllTextAsync(database, "not an SQLite file, though long enough to be read as one's first page");

        await using var worker = ServiceProcess.Start(WorkerDll, new Dictionary<string, string>
        {
            ["ConnectionStrings__appdb"] = $"Data Source={database}",
            ["ConnectionStrings__blobs"] = Path.Combine(_data, "blobs"),
        });
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Migrating JobsDbContext failed, so the service does not start", worker.Output, StringComparison.Ordinal);
        Assert.Contains("not a database", worker.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
