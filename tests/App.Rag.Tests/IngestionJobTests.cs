extern alias worker;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using App.Jobs;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using App.Rag.Apis;
using App.Rag.Tests.Fixtures;
using App.Rag.Uploads;
using App.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Rag.Tests;

/// <summary>
/// Ingestion on the durable job queue (App.Jobs): rag enqueues, the worker claims and runs the steps; retries, final
/// states, and documents whose job ended elsewhere (reaped, canceled).
/// </summary>
public sealed class IngestionJobTests
{
    private readonly Guid _tenant = Guid.NewGuid();

    [Fact]
    public async Task An_upload_enqueues_one_job_for_the_documents_tenant_that_the_worker_runs_until_the_document_is_ready()
    {
        await using var app = await RagApp.StartAsync();
        var client = app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var document = await IngestAsync(client, collection.Id, "handbook.md");

        Assert.Equal("ready", document.Status);
        var job = Assert.Single(await JobsOfAsync(app, _tenant));
        Assert.Equal(IngestionRequest.JobKind, job.Kind);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(new IngestionRequest(_tenant, document.Id), JsonSerializer.Deserialize<IngestionRequest>(job.Input));
        Assert.Empty(await JobsOfAsync(app, Guid.NewGuid()));
        // The claim loop names its process's application first: App.Worker's ingestion loop ran the job, and rag has none.
        Assert.StartsWith("App.Worker/", job.LeaseOwner);
        Assert.Contains("/ingestion/", job.LeaseOwner);
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s.GetType().Name.Contains("Claim") || s.GetType().Name.Contains("Ingestion"));
    }

    [Fact]
    public async Task A_corrupt_file_fails_its_job_once_without_retrying()
    {
        await using var app = await RagApp.StartAsync();
        var client = app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var upload = await client.UploadAsync(collection.Id, TestPdf.Corrupt(), "broken.pdf", "application/pdf");
        var document = await client.WaitForIngestionAsync(collection.Id, (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);

        Assert.Equal("failed", document.Status);
        var job = Assert.Single(await JobsOfAsync(app, _tenant));
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(IngestionErrorCodes.DocumentFailed, job.ErrorCode);
        Assert.Equal(1, job.Attempts);
    }

    [Fact]
    public async Task A_transient_error_is_retried_and_the_document_becomes_ready()
    {
        var embeddings = new FlakyEmbeddings(failures: 1);
        await using var app = await RagApp.StartAsync(services: s => s.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings));
        var client = app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var document = await IngestAsync(client, collection.Id, "handbook.md");

        Assert.Equal("ready", document.Status);
        Assert.Equal(2, embeddings.Calls);
        var job = Assert.Single(await JobsOfAsync(app, _tenant));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(2, job.Attempts);
    }

    [Fact]
    public async Task After_the_last_attempt_the_document_fails_with_the_step_and_the_reason()
    {
        var embeddings = new FlakyEmbeddings(failures: int.MaxValue);
        await using var app = await RagApp.StartAsync(
            settings: new Dictionary<string, string?> { ["Jobs:DefaultMaxAttempts"] = "2" },
            services: s => s.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings));
        var client = app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var document = await IngestAsync(client, collection.Id, "handbook.md");

        Assert.Equal("failed", document.Status);
        Assert.Equal("embed", document.FailedStep);
        Assert.Equal(FlakyEmbeddings.Reason, document.FailureReason);
        Assert.Equal(0, document.ChunkCount);
        var job = Assert.Single(await JobsOfAsync(app, _tenant));
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(IngestionErrorCodes.IngestionError, job.ErrorCode);
        Assert.Equal(2, job.Attempts);
        Assert.Equal(2, embeddings.Calls);
    }

    [Fact]
    public async Task A_document_whose_job_was_reaped_after_its_last_attempt_fails_with_the_jobs_code()
    {
        await using var app = await RagApp.StartAsync(settings: new Dictionary<string, string?> { ["Jobs:DefaultMaxAttempts"] = "1" }, worker: false);
        var client = app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var id = await UploadAsync(client, collection.Id, "handbook.md");
        // A worker claims the job, marks the document running and dies: its lease expires and the reaper ends the job.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            Assert.NotNull(await queue.ClaimAsync("App.Worker/dead/1/ingestion/0", [IngestionRequest.JobKind], TimeSpan.FromMilliseconds(1)));
            await scope.ServiceProvider.GetRequiredService<RagDbContext>().Documents.IgnoreQueryFilters().Where(d => d.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, IngestionStatus.Running));
            await Task.Delay(50);
            Assert.Equal(1, await queue.ReapExpiredLeasesAsync());
        }

        app.StartWorker();
        var document = await client.WaitForIngestionAsync(collection.Id, id);

        Assert.Equal("failed", document.Status);
        Assert.StartsWith(JobErrorCodes.LeaseExpiredAttemptsExhausted + ":", document.FailureReason);
        Assert.Equal(0, document.ChunkCount);
        var job = Assert.Single(await JobsOfAsync(app, _tenant));
        Assert.Equal(JobStatus.Failed, job.Status);
    }

    [Fact]
    public async Task A_document_whose_job_was_canceled_becomes_canceled_and_stays_out_of_search()
    {
        await using var app = await RagApp.StartAsync(worker: false);
        var client = app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var id = await UploadAsync(client, collection.Id, "handbook.md");
        // What DELETE /api/v1/jobs/{id} does in the Api.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            var queued = Assert.Single((await queue.ListAsync(_tenant)).Items);
            Assert.Equal(CancelOutcome.Canceled, await queue.CancelAsync(_tenant, queued.Id));
        }

        app.StartWorker();
        var document = await client.WaitForIngestionAsync(collection.Id, id);

        Assert.Equal("canceled", document.Status);
        var job = Assert.Single(await JobsOfAsync(app, _tenant));
        Assert.Equal(JobStatus.Canceled, job.Status);
        Assert.Equal(0, job.Attempts);
        var search = await client.PostAsJsonAsync($"/api/v1/collections/{collection.Id}/search", new { query = "paid leave" });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.DoesNotContain(id.ToString(), await search.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_workers_requeueing_stale_embeddings_at_once_requeue_each_document_once()
    {
        await using var app = await RagApp.StartAsync(postgres: true);
        var client = app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var document = await IngestAsync(client, collection.Id, "handbook.md");
        await using (var scope = app.WorkerServices.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RagDbContext>().Documents.IgnoreQueryFilters().Where(d => d.Id == document.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.EmbeddingModel, "another-model@1"));
        }

        // Two replicas starting together: each runs the pass from its own scope (connection) at the same moment.
        var requeued = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = app.WorkerServices.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<worker::App.Worker.Ingestion.StaleEmbeddings>().RequeueAsync(CancellationToken.None);
        }));
        var again = await client.WaitForIngestionAsync(collection.Id, document.Id);

        Assert.Equal(1, requeued.Sum());
        Assert.Equal("ready", again.Status);
        var jobs = await JobsOfAsync(app, _tenant);
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(JobStatus.Succeeded, j.Status));
    }

    private static async Task<DocumentResponse> IngestAsync(HttpClient client, Guid collection, string fileName) =>
        await client.WaitForIngestionAsync(collection, await UploadAsync(client, collection, fileName));

    /// <returns>The id of the new document (the handbook), queued for ingestion.</returns>
    private static async Task<Guid> UploadAsync(HttpClient client, Guid collection, string fileName)
    {
        var upload = await client.UploadAsync(collection, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), fileName, "text/markdown");
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        return (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id;
    }

    /// <summary>The tenant's jobs once each is final: the runner finishes a job just after the document's own final state.</summary>
    private static Task<IReadOnlyList<JobInfo>> JobsOfAsync(RagApp app, Guid tenant) =>
        Eventually.UntilAsync(
            async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                return (await scope.ServiceProvider.GetRequiredService<JobQueue>().ListAsync(tenant)).Items;
            },
            jobs => jobs.All(j => JobStatus.IsFinal(j.Status)),
            TimeSpan.FromSeconds(10),
            jobs => $"Jobs still open: {string.Join(", ", (jobs ?? []).Select(j => $"{j.Id} {j.Status}"))}");

    /// <summary>Throws for its first <c>failures</c> calls, as an embeddings endpoint that is down, then answers.</summary>
    private sealed class FlakyEmbeddings(int failures) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public const string Reason = "The embeddings endpoint is down.";
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new HttpRequestException(Reason);
            }

            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(new float[] { 1, 0, 0 }))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
