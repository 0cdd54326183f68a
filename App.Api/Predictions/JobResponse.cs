using System.Text.Json;
using App.Jobs;

namespace App.Api.Predictions;

public sealed record JobLinks(string Self, string Events, string Webhooks, string? Batch);

public sealed record JobError(string Code, string? Message);

/// <summary>A job as clients (and webhooks) see it. <c>Result</c> is the model's output as written once by the worker.</summary>
public sealed record JobResponse(
    Guid Id,
    string Status,
    int Progress,
    string Model,
    string? ModelVersion,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    Guid? BatchId,
    JsonElement? Result,
    JobError? Error,
    JobLinks Links)
{
    public static JobResponse From(JobInfo job)
    {
        JsonElement? result = job.Result is null ? null : JsonDocument.Parse(job.Result).RootElement.Clone();
        var version = result is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("modelVersion", out var v) ? v.GetString() : null;
        var self = $"/api/v1/jobs/{job.Id}";
        return new JobResponse(
            job.Id,
            job.Status,
            job.Progress,
            PredictionInput.ModelOf(job.Input),
            version,
            job.Attempts,
            job.MaxAttempts,
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt,
            job.BatchId,
            result,
            job.ErrorCode is null ? null : new JobError(job.ErrorCode, job.ErrorMessage),
            new JobLinks(self, $"{self}/events", $"{self}/webhooks", job.BatchId is { } b ? $"/api/v1/batches/{b}" : null));
    }
}

public sealed record JobListResponse(IReadOnlyList<JobResponse> Items, int Page, int PageSize, int TotalCount);

/// <summary>An event of a job; <typeparamref name="TJob"/> is how the job's API shows it (a prediction's job, an extraction).</summary>
/// <param name="Job">The whole job, on the final event only: a follower needs no extra request for the result.</param>
public sealed record JobEventResponse<TJob>(long Sequence, string Type, string Status, int Progress, DateTimeOffset At, TJob? Job)
    where TJob : class;

public sealed record BatchResponse(Guid Id, int Total, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<JobResponse> Jobs, string Self);
