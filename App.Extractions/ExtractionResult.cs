using System.Text.Json;

namespace App.Extractions;

/// <summary>A succeeded extraction as the job's result holds it.</summary>
/// <param name="Data">The merged JSON, valid against the job's schema; every item's <c>page</c> set by the worker.</param>
/// <param name="Pages">Pages of the document (1 for formats without pages).</param>
/// <param name="Cached">True when copied from an earlier job with the same cache key; no model was called.</param>
/// <param name="CachedFrom">The job whose result was copied.</param>
public sealed record ExtractionResult(JsonElement Data, int Pages, ExtractionUsage Usage, bool Cached, string Model, Guid? CachedFrom = null);

/// <param name="ModelCalls">Chat requests made, repairs included (the client's own retries of one request are not counted).</param>
public sealed record ExtractionUsage(long PromptTokens, long CompletionTokens, int ModelCalls)
{
    public static readonly ExtractionUsage None = new(0, 0, 0);

    public ExtractionUsage Add(ExtractionUsage other) =>
        new(PromptTokens + other.PromptTokens, CompletionTokens + other.CompletionTokens, ModelCalls + other.ModelCalls);
}

/// <summary>What a failed extraction keeps for inspection (the job's result column of a job that failed for good).</summary>
/// <param name="LastOutput">The model's last answer as it came, when it never became valid.</param>
public sealed record ExtractionFailure(int? Page, string? LastOutput, IReadOnlyList<string> Errors);
