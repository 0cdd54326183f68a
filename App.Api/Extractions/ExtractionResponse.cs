using System.Text.Json;
using App.Extractions;
using App.Jobs;

namespace App.Api.Extractions;

public sealed record ExtractionLinks(string Self, string Events, string Export);

/// <param name="Data">The validated JSON; left out of history listings.</param>
public sealed record ExtractionResultResponse(JsonElement? Data, int Pages, ExtractionUsage Usage, bool Cached);

/// <param name="LastOutput">For <c>invalid_model_output</c>: the model's last answer, as it came.</param>
/// <param name="Details">The validation errors of that answer, or what else explains the failure.</param>
public sealed record ExtractionErrorResponse(string Code, string? Message, int? Page, string? LastOutput, IReadOnlyList<string>? Details);

/// <summary>An extraction job as clients see it.</summary>
/// <param name="Schema">The built-in schema's name, or "custom".</param>
public sealed record ExtractionResponse(
    Guid Id,
    string Status,
    int Progress,
    string Schema,
    string Model,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    ExtractionResultResponse? Result,
    ExtractionErrorResponse? Error,
    ExtractionLinks Links)
{
    public const string CustomSchema = "custom";

    public static ExtractionResponse From(JobInfo job, bool withData = true)
    {
        var input = ExtractionJob.FromJson(job.Input);
        var self = $"/api/v1/extractions/{job.Id}";
        ExtractionResultResponse? result = null;
        ExtractionErrorResponse? error = null;
        if (job.Status == JobStatus.Succeeded && job.Result is not null)
        {
            var stored = JsonSerializer.Deserialize<ExtractionResult>(job.Result, JsonSerializerOptions.Web)!;
            result = new ExtractionResultResponse(withData ? stored.Data : null, stored.Pages, stored.Usage, stored.Cached);
        }
        else if (job.ErrorCode is not null)
        {
            var failure = job.Status == JobStatus.Failed && job.Result is not null
                ? JsonSerializer.Deserialize<ExtractionFailure>(job.Result, JsonSerializerOptions.Web)
                : null;
            error = new ExtractionErrorResponse(job.ErrorCode, job.ErrorMessage, failure?.Page, failure?.LastOutput, failure?.Errors);
        }

        return new ExtractionResponse(
            job.Id,
            job.Status,
            job.Progress,
            input?.SchemaName ?? CustomSchema,
            input?.Model ?? "",
            job.Attempts,
            job.MaxAttempts,
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt,
            result,
            error,
            new ExtractionLinks(self, $"{self}/events", $"{self}/export?format=jsonl"));
    }
}

public sealed record ExtractionListResponse(IReadOnlyList<ExtractionResponse> Items, int Page, int PageSize, int TotalCount);
