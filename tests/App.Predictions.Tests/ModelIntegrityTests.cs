using System.Net;
using System.Text.Json.Nodes;
using App.Jobs;
using App.Predictions.Tests.Infrastructure;
using App.Storage;
using App.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace App.Predictions.Tests;

public sealed class ModelIntegrityTests : IAsyncLifetime
{
    private static readonly string WorkerDll = ServiceProcess.TargetPathOf(typeof(ModelIntegrityTests).Assembly, "App.Worker");

    private readonly string _data = Directory.CreateTempSubdirectory("app-predictions-model-").FullName;

    [Fact]
    public async Task Model_with_a_wrong_hash_fails_readiness_and_jobs_fail_with_model_unavailable_without_retry()
    {
        var models = Path.Combine(_data, "models");
        CopyDirectory(Path.Combine(Path.GetDirectoryName(WorkerDll)!, "models"), models);
        var manifestPath = Path.Combine(models, "silero-vad", "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["sha256"] = new string('0', 64);
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        await using var worker = ServiceProcess.Start(WorkerDll, new Dictionary<string, string>
        {
            ["ConnectionStrings__appdb"] = $"Data Source={Path.Combine(_data, "app.db")}",
            ["ConnectionStrings__blobs"] = Path.Combine(_data, "blobs"),
            ["Worker__ModelsDirectory"] = models,
            ["Jobs__PollInterval"] = "00:00:00.200",
        });
        await worker.WaitUntilAliveAsync();
        using var http = AppHostFixture.ClientOf(worker.Address);

        using var health = await http.GetAsync("/health");
        var report = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("silero-vad", report);
        Assert.Contains("sha256", report);

        // The worker migrated its database before it came alive.
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddJobs($"Data Source={Path.Combine(_data, "app.db")}")
            .AddBlobStorage(Path.Combine(_data, "blobs"))
            .BuildServiceProvider();
        var blob = await services.GetRequiredService<IBlobStore>().PutAsync(new MemoryStream(SpeechAudio.Silence(1)));
        await using var scope = services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var tenant = Guid.NewGuid();
        var job = await queue.EnqueueAsync(new NewJob(tenant, "speech-screening", """{"model":"speech-screening"}""", BlobKey: blob.Key));

        var failed = await Eventually.UntilAsync(
            () => queue.GetAsync(tenant, job.Id)!, j => j!.Status == JobStatus.Failed, TimeSpan.FromSeconds(30), j => $"{j}\n{worker.Output}");
        Assert.Equal("model_unavailable", failed!.ErrorCode);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.Result);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
