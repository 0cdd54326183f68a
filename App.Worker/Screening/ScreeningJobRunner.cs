using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Inference;
using App.Jobs;
using App.Storage;
using App.Worker.Jobs;

namespace App.Worker.Screening;

/// <summary>
/// Screens one clip: its result, or a failure with a stable code. Bad input and an unavailable model fail for good
/// (retrying cannot help); anything else goes back to the queue while attempts remain (<see cref="ClaimLoopService"/>).
/// </summary>
public sealed class ScreeningJobRunner(IBlobStore blobs, TimedScreening screening) : IJobRunner
{
    public async Task<string> RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var job = run.Job;
        if (ModelOf(job.Input) != ScreeningKinds.SpeechScreening)
        {
            throw InputMissing($"Job input names model '{ModelOf(job.Input)}', which this worker does not run.");
        }

        try
        {
            var reading = Stopwatch.GetTimestamp();
            var audio = await ReadBlobAsync(job, cancellationToken);
            var readTime = Stopwatch.GetElapsedTime(reading);
            var (result, timings) = await Task.Run(() => screening.RunAsync(audio, readTime, run.Lease, cancellationToken), cancellationToken);
            var json = JsonSerializer.SerializeToNode(result, JsonSerializerOptions.Web)!.AsObject();
            json["timings"] = JsonSerializer.SerializeToNode(timings, JsonSerializerOptions.Web);
            return json.ToJsonString();
        }
        catch (InferenceException e)
        {
            throw new JobFailedException(e.ErrorCode, e.Message, retryable: false, inner: e);
        }
    }

    private async Task<byte[]> ReadBlobAsync(JobInfo job, CancellationToken cancellationToken)
    {
        if (!BlobKeys.IsValid(job.BlobKey))
        {
            throw InputMissing("The job has no input blob.");
        }

        await using var stream = await blobs.OpenReadAsync(job.BlobKey, cancellationToken)
            ?? throw InputMissing($"The input blob {job.BlobKey} is gone.");
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

    private static string ModelOf(string inputJson)
    {
        using var document = JsonDocument.Parse(inputJson);
        return document.RootElement.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "";
    }

    private static JobFailedException InputMissing(string message) => new(WorkerErrorCodes.InputMissing, message, retryable: false);
}
