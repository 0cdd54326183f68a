using System.Text.Json;
using App.Jobs;
using App.Jobs.Signals;
using Microsoft.Extensions.Options;

namespace App.Rag.Ingestion;

/// <summary>
/// Claims <see cref="IngestionRequest.JobKind"/> jobs and runs <see cref="IngestionPipeline"/> for each, holding the
/// lease meanwhile. Ready or gone documents complete the job; a document that cannot be ingested fails it for good;
/// an exception fails the attempt so the queue retries with backoff. Before the last attempt's failure is written,
/// the document is marked failed, so a document never waits on a job that has ended.
/// </summary>
public sealed partial class IngestionJobRunner(
    IServiceScopeFactory scopes,
    JobSignal signal,
    IOptions<IngestionOptions> options,
    IOptions<JobsOptions> jobsOptions,
    ILogger<IngestionJobRunner> logger) : BackgroundService
{
    private static readonly string[] Kinds = [IngestionRequest.JobKind];
    private static readonly string ReadyResult = JsonSerializer.Serialize(new { outcome = "ready" });
    private static readonly string GoneResult = JsonSerializer.Serialize(new { outcome = "gone" });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var worker = $"rag:{Environment.MachineName}:{Environment.ProcessId}";
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency))
            .Select(i => Task.Run(() => LoopAsync($"{worker}:{i}", stoppingToken), CancellationToken.None))
            .Append(Task.Run(() => RequeueStaleEmbeddingsAsync(stoppingToken), CancellationToken.None)));
    }

    /// <summary>Once per start, retried until the database answers (migrations may still be running).</summary>
    private async Task RequeueStaleEmbeddingsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var requeued = await scope.ServiceProvider.GetRequiredService<StaleEmbeddings>().RequeueAsync(stoppingToken);
                if (requeued > 0)
                {
                    LogRequeued(logger, requeued);
                }

                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                await Task.Delay(jobsOptions.Value.PollInterval, CancellationToken.None);
            }
        }
    }

    private async Task LoopAsync(string workerId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await TryRunNextAsync(workerId, stoppingToken))
                {
                    await signal.WaitAsync(jobsOptions.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(logger, e);
                await Task.Delay(jobsOptions.Value.PollInterval, CancellationToken.None);
            }
        }
    }

    /// <returns>False when no job was waiting.</returns>
    private async Task<bool> TryRunNextAsync(string workerId, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync(workerId, Kinds, options.Value.LeaseDuration, stoppingToken);
        if (job is null)
        {
            return false;
        }

        using var run = JobTracing.StartRun(job, workerId);
        var request = Parse(job);
        if (request is null)
        {
            await queue.FailAsync(job.Id, workerId, IngestionErrorCodes.InvalidInput,
                "The job's input is not an ingestion request for the job's tenant.", retryable: false, CancellationToken.None);
            return true;
        }

        await using var lease = JobLease.Hold(scopes, job.Id, workerId, new JobLeaseTiming(options.Value.LeaseDuration), logger, stoppingToken);
        try
        {
            var outcome = await RunPipelineAsync(request, lease.Lost);
            await FinishAsync(queue, job.Id, workerId, outcome);
        }
        catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // Taken away (canceled, or reaped and claimed elsewhere): whoever holds it now writes the outcome.
            LogTakenAway(logger, job.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FailAttemptAsync(queue, job, workerId, request, IngestionErrorCodes.Interrupted, "The RAG service stopped during ingestion.");
        }
        catch (Exception e)
        {
            LogAttemptFailed(logger, e, job.Id, request.DocumentId, job.Attempts, job.MaxAttempts);
            await FailAttemptAsync(queue, job, workerId, request, IngestionErrorCodes.IngestionError, e.Message);
        }

        return true;
    }

    private async Task<IngestionOutcome> RunPipelineAsync(IngestionRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().RunAsync(request, cancellationToken);
    }

    private static Task FinishAsync(JobQueue queue, Guid jobId, string workerId, IngestionOutcome outcome) => outcome switch
    {
        IngestionOutcome.Failed => queue.FailAsync(jobId, workerId, IngestionErrorCodes.DocumentFailed,
            "The document could not be ingested; the document shows the failed step and the reason.", retryable: false,
            CancellationToken.None),
        IngestionOutcome.Gone => queue.CompleteAsync(jobId, workerId, GoneResult, CancellationToken.None),
        _ => queue.CompleteAsync(jobId, workerId, ReadyResult, CancellationToken.None),
    };

    private async Task FailAttemptAsync(JobQueue queue, JobInfo job, string workerId, IngestionRequest request, string code, string reason)
    {
        if (job.Attempts >= job.MaxAttempts)
        {
            // The document first: if the process dies in between, the job is still ours and ends the same way next time.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IngestionPipeline>().MarkFailedAsync(request, reason, CancellationToken.None);
        }

        await queue.FailAsync(job.Id, workerId, code, reason, retryable: true, CancellationToken.None);
    }

    /// <summary>The job's tenant decides whose document is read: a payload naming another tenant is refused.</summary>
    private static IngestionRequest? Parse(JobInfo job)
    {
        try
        {
            var request = JsonSerializer.Deserialize<IngestionRequest>(job.Input);
            return request is not null && request.TenantId == job.TenantId && request.DocumentId != Guid.Empty ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The ingestion loop failed; claiming again after the poll interval")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion job {JobId} was taken away from this worker; stopped without writing")]
    private static partial void LogTakenAway(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} documents embedded by another model were queued for embedding again")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion job {JobId} (document {DocumentId}) failed in attempt {Attempt} of {MaxAttempts}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, Guid jobId, Guid documentId, int attempt, int maxAttempts);
}
