using System.Text.Json;
using App.AI;
using App.Documents;
using App.Extractions;
using App.Jobs;
using App.Storage;
using App.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace App.Worker.Extractions;

/// <summary>
/// Runs one extraction job: served from the cache when a job of the tenant with the same key (content, schema,
/// instructions, model) succeeded within <see cref="ExtractionWorkerOptions.CacheTtl"/>; otherwise the document's text
/// per page, the model (<see cref="ModelExtractor"/>), and progress written as each page finishes. A model that timed
/// out or stayed unavailable fails the attempt (the queue retries while attempts remain); invalid output, a refused
/// request, an unreadable document and a missing model fail the job for good. Never a result the model did not give.
/// </summary>
public sealed partial class ExtractionJobRunner(
    JobQueue queue,
    IBlobStore blobs,
    DocumentExtraction documents,
    ChatModel chat,
    IServiceProvider services,
    TimeProvider time,
    IOptions<ExtractionWorkerOptions> options,
    ILogger<ExtractionJobRunner> logger) : IJobRunner
{
    public async Task<string> RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var job = run.Job;
        if (ExtractionJob.FromJson(job.Input) is not { } input)
        {
            throw new JobFailedException(ExtractionErrorCodes.InputMissing, "The job's input is not an extraction.", retryable: false);
        }

        if (await FromCacheAsync(job, cancellationToken) is { } cached)
        {
            return cached;
        }

        if (!chat.IsConfigured)
        {
            throw new JobFailedException(ExtractionErrorCodes.ModelUnavailable,
                "No chat model is configured for the worker (ConnectionStrings:chat).", retryable: false);
        }

        try
        {
            return await ExtractAsync(run, input, cancellationToken);
        }
        catch (ExtractionException e)
        {
            throw new JobFailedException(ExtractionErrorCodes.DocumentUnreadable, e.Message, retryable: false, inner: e);
        }
    }

    private async Task<string> ExtractAsync(JobRun run, ExtractionJob input, CancellationToken cancellationToken)
    {
        var job = run.Job;
        var pages = await ReadPagesAsync(job, input, cancellationToken);
        var schema = ExtractionSchema.FromJob(input);
        var extractor = services.GetRequiredService<ModelExtractor>();

        // One progress event per finished page (the lease's sampled progress would merge fast pages), counted and written
        // under one lock so the events rise; 100 is left for the completion.
        using var writing = new SemaphoreSlim(1);
        var finished = 0;
        async Task PageDoneAsync()
        {
            await writing.WaitAsync(cancellationToken);
            try
            {
                finished++;
                if (!await queue.ReportProgressAsync(job.Id, run.WorkerId, Math.Min(99, finished * 100 / pages.Count), cancellationToken))
                {
                    await run.Lease.MarkTakenAwayAsync();
                }
            }
            finally
            {
                writing.Release();
            }
        }

        var (data, usage) = await extractor.ExtractAsync(pages, schema, input.Instructions, PageDoneAsync, cancellationToken);
        return JsonSerializer.Serialize(new ExtractionResult(data, pages.Count, usage, Cached: false, input.Model), JsonSerializerOptions.Web);
    }

    /// <summary>The text of every page (one page for formats without pages).</summary>
    private async Task<IReadOnlyList<string>> ReadPagesAsync(JobInfo job, ExtractionJob input, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<SourceFormat>(input.Format, ignoreCase: true, out var format) || !BlobKeys.IsValid(job.BlobKey))
        {
            throw new JobFailedException(ExtractionErrorCodes.InputMissing, "The job has no readable input document.", retryable: false);
        }

        await using var stream = await blobs.OpenReadAsync(job.BlobKey, cancellationToken)
            ?? throw new JobFailedException(ExtractionErrorCodes.InputMissing, $"The input blob {job.BlobKey} is gone.", retryable: false);
        var document = await documents.ExtractAsync(format, stream, $"document.{input.Format}", cancellationToken);
        return document.Pages.Count == 0
            ? [document.Text]
            : document.Pages.Select(p => document.Text[p.Start..p.End]).ToList();
    }

    /// <returns>The result of the newest job with the same cache key within the TTL, marked as cached; null when there is none.</returns>
    private async Task<string?> FromCacheAsync(JobInfo job, CancellationToken cancellationToken)
    {
        if (job.ContentHash is null)
        {
            return null;
        }

        var since = time.GetUtcNow() - options.Value.CacheTtl;
        var earlier = await queue.FindSucceededByContentHashAsync(job.TenantId, ExtractionJob.Kind, job.ContentHash, since, cancellationToken);
        if (earlier?.Result is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<ExtractionResult>(earlier.Result, JsonSerializerOptions.Web)!;
        LogCached(job.Id, earlier.Id);
        return JsonSerializer.Serialize(
            stored with { Usage = ExtractionUsage.None, Cached = true, CachedFrom = stored.CachedFrom ?? earlier.Id }, JsonSerializerOptions.Web);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Extraction {JobId} served from the cache (job {EarlierJobId})")]
    private partial void LogCached(Guid jobId, Guid earlierJobId);
}
