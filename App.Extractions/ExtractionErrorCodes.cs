namespace App.Extractions;

/// <summary>Stable codes of extraction requests (ProblemDetails) and jobs (the job's error code).</summary>
public static class ExtractionErrorCodes
{
    /// <summary>No chat model is configured (request refused), or the model's endpoint kept refusing (job).</summary>
    public const string ModelUnavailable = "model_unavailable";

    public const string ModelTimeout = "model_timeout";

    /// <summary>The model's answers stayed invalid after every repair; the last one is kept in the job's result.</summary>
    public const string InvalidModelOutput = "invalid_model_output";

    /// <summary>The endpoint refused the request itself (4xx other than 408 and 429): retrying cannot help.</summary>
    public const string ModelRejected = "model_rejected";

    public const string SchemaMissing = "schema_missing";
    public const string SchemaInvalid = "schema_invalid";
    public const string FileEmpty = "file_empty";

    /// <summary>An export of an extraction that has not succeeded.</summary>
    public const string NotSucceeded = "extraction_not_succeeded";
    public const string DocumentUnreadable = "document_unreadable";
    public const string InputMissing = "input_missing";

    /// <summary>Anything unforeseen; the attempt is retried.</summary>
    public const string ExtractionFailed = "extraction_failed";
}
