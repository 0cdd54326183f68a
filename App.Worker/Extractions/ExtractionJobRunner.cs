using System.Text.Json;
using App.AI;
using App.Documents;
using App.Extractions;
using App.Jobs;
using App.Storage;
using App.Worker.Jobs;
using App.Worker.Screening;
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
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ExtractionWorkerOptions> options,
    ILogger<ExtractionJobRunner> logger) : IJobRunner
{
    public async Task RunAsync(JobInfo job, string workerId, CancellationToken stopping)
    {
        if (ExtractionJob.FromJson(job.Input) is not { } input)
        {
            await FailAsync(job, workerId, new ExtractionFailedException(ExtractionErrorCodes.InputMissing, "The job's input is not an extraction.", retryable: false));
            return;
        }

        if (await FromCacheAsync(job, stopping) is { } cached)
        {
            await CompleteAsync(job, workerId, cached);
            return;
        }

        if (!chat.IsConfigured)
        {
            await FailAsync(job, workerId, new ExtractionFailedException(ExtractionErrorCodes.ModelUnavailable,
                "No chat model is configured for the worker (ConnectionStrings:chat).", retryable: false));
            return;
        }

        string result;
        await using (var lease = JobLease.Hold(scopes, job.Id, workerId, new JobLeaseTiming(options.Value.LeaseDuration), logger, stopping))
        {
            using var work = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost);
            try
            {
                result = await ExtractAsync(job, workerId, input, work, work.Token);
            }
            catch (ExtractionFailedException e)
            {
                await FailAsync(job, workerId, e);
                return;
            }
            catch (ExtractionException e)
            {
                await FailAsync(job, workerId, new ExtractionFailedException(ExtractionErrorCodes.DocumentUnreadable, e.Message, retryable: false));
                return;
            }
            catch (OperationCanceledException) when (lease.WasTakenAway || (work.IsCancellationRequested && !stopping.IsCancellationRequested))
            {
                LogTakenAway(job.Id);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await FailAsync(job, workerId, new ExtractionFailedException(WorkerErrorCodes.WorkerStopped, "The worker stopped during the job.", retryable: true));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnexpected(job.Id, e);
                await FailAsync(job, workerId, new ExtractionFailedException(ExtractionErrorCodes.ExtractionFailed, e.Message, retryable: true));
                return;
            }
        }

        if (!await queue.CompleteAsync(job.Id, workerId, result, CancellationToken.None))
        {
            LogTakenAway(job.Id);
        }
    }

    private async Task<string> ExtractAsync(JobInfo job, string workerId, ExtractionJob input, CancellationTokenSource work, CancellationToken cancellationToken)
    {
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
                if (!await queue.ReportProgressAsync(job.Id, workerId, Math.Min(99, finished * 100 / pages.Count), cancellationToken))
                {
                    await work.CancelAsync();
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
            throw new ExtractionFailedException(ExtractionErrorCodes.InputMissing, "The job has no readable input document.", retryable: false);
        }

        await using var stream = await blobs.OpenReadAsync(job.BlobKey, cancellationToken)
            ?? throw new ExtractionFailedException(ExtractionErrorCodes.InputMissing, $"The input blob {job.BlobKey} is gone.", retryable: false);
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

    private async Task CompleteAsync(JobInfo job, string workerId, string result)
    {
        if (!await queue.CompleteAsync(job.Id, workerId, result, CancellationToken.None))
        {
            LogTakenAway(job.Id);
        }
    }

    private async Task FailAsync(JobInfo job, string workerId, ExtractionFailedException e)
    {
        var details = e.Failure is null ? null : JsonSerializer.Serialize(e.Failure, JsonSerializerOptions.Web);
        var outcome = await queue.FailAsync(job.Id, workerId, e.Code, e.Message, e.Retryable, details, CancellationToken.None);
        LogFailed(job.Id, e.Code, outcome, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Extraction {JobId} served from the cache (job {EarlierJobId})")]
    private partial void LogCached(Guid jobId, Guid earlierJobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extraction {JobId} failed with {Code} ({Outcome}): {Message}")]
    private partial void LogFailed(Guid jobId, string code, FailOutcome outcome, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extraction {JobId} is no longer ours (canceled or reaped); nothing written")]
    private partial void LogTakenAway(Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Extraction {JobId} failed unexpectedly; it will be retried while attempts remain")]
    private partial void LogUnexpected(Guid jobId, Exception exception);
}
