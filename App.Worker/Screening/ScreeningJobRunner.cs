using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Inference;
using App.Jobs;
using App.Storage;
using App.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace App.Worker.Screening;

/// <summary>
/// Runs one claimed job to its end: the result written once, or a failure with a stable code. Bad input and an
/// unavailable model fail for good (retrying cannot help); anything else goes back to the queue while attempts remain.
/// </summary>
public sealed partial class ScreeningJobRunner(
    JobQueue queue,
    IBlobStore blobs,
    TimedScreening screening,
    IServiceScopeFactory scopes,
    IOptions<WorkerOptions> options,
    ILogger<ScreeningJobRunner> logger) : IJobRunner
{
    public async Task RunAsync(JobInfo job, string workerId, CancellationToken stopping)
    {
        string resultJson;
        await using (var keeper = JobLease.Hold(scopes, job.Id, workerId, new JobLeaseTiming(options.Value.LeaseDuration, options.Value.ProgressInterval), logger, stopping))
        {
            try
            {
                resultJson = await ScreenAsync(job, keeper, keeper.Lost);
            }
            catch (InferenceException e)
            {
                await FailAsync(job, workerId, e.ErrorCode, e.Message, retryable: false);
                return;
            }
            catch (MissingInputException e)
            {
                await FailAsync(job, workerId, WorkerErrorCodes.InputMissing, e.Message, retryable: false);
                return;
            }
            catch (OperationCanceledException) when (keeper.WasTakenAway)
            {
                LogTakenAway(job.Id);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await FailAsync(job, workerId, WorkerErrorCodes.WorkerStopped, "The worker stopped during the job.", retryable: true);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogUnexpected(job.Id, e);
                await FailAsync(job, workerId, WorkerErrorCodes.InferenceFailed, e.Message, retryable: true);
                return;
            }
        }

        if (!await queue.CompleteAsync(job.Id, workerId, resultJson, CancellationToken.None))
        {
            LogTakenAway(job.Id);
        }
    }

    private async Task<string> ScreenAsync(JobInfo job, IProgress<int> progress, CancellationToken cancellationToken)
    {
        if (ModelOf(job.Input) != ScreeningKinds.SpeechScreening)
        {
            throw new MissingInputException($"Job input names model '{ModelOf(job.Input)}', which this worker does not run.");
        }

        var reading = Stopwatch.GetTimestamp();
        var audio = await ReadBlobAsync(job, cancellationToken);
        var readTime = Stopwatch.GetElapsedTime(reading);
        var (result, timings) = await Task.Run(() => screening.RunAsync(audio, readTime, progress, cancellationToken), cancellationToken);
        var json = JsonSerializer.SerializeToNode(result, JsonSerializerOptions.Web)!.AsObject();
        json["timings"] = JsonSerializer.SerializeToNode(timings, JsonSerializerOptions.Web);
        return json.ToJsonString();
    }

    private async Task<byte[]> ReadBlobAsync(JobInfo job, CancellationToken cancellationToken)
    {
        if (!BlobKeys.IsValid(job.BlobKey))
        {
            throw new MissingInputException("The job has no input blob.");
        }

        await using var stream = await blobs.OpenReadAsync(job.BlobKey, cancellationToken)
            ?? throw new MissingInputException($"The input blob {job.BlobKey} is gone.");
        if (stream.CanSeek)
        {
            // One array of the blob's size: a clip is a large object, and every extra copy adds to the GC's work.
            var bytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            return bytes;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private async Task FailAsync(JobInfo job, string workerId, string code, string message, bool retryable)
    {
        var outcome = await queue.FailAsync(job.Id, workerId, code, message, retryable, CancellationToken.None);
        LogFailed(job.Id, code, outcome, message);
    }

    private static string ModelOf(string inputJson)
    {
        using var document = JsonDocument.Parse(inputJson);
        return document.RootElement.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "";
    }

    private sealed class MissingInputException(string message) : Exception(message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed with {Code} ({Outcome}): {Message}")]
    private partial void LogFailed(Guid jobId, string code, FailOutcome outcome, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} is no longer ours (canceled or reaped); nothing written")]
    private partial void LogTakenAway(Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed unexpectedly; it will be retried while attempts remain")]
    private partial void LogUnexpected(Guid jobId, Exception exception);
}
