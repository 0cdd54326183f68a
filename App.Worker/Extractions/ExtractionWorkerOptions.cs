namespace App.Worker.Extractions;

/// <summary>Bound from "Extractions".</summary>
public sealed class ExtractionWorkerOptions
{
    public const string SectionName = "Extractions";

    /// <summary>Extraction jobs at once. They mostly wait for the model, so more than the cores is fine.</summary>
    public int Concurrency { get; set; } = 2;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pages of one job sent to the model at once.</summary>
    public int PageConcurrency { get; set; } = 4;

    /// <summary>A page with more text than this (in o200k tokens) goes to the model in parts, split at line ends.</summary>
    public int MaxPageTokens { get; set; } = 3000;

    /// <summary>Times an invalid answer is sent back with its validation errors before the job fails with invalid_model_output.</summary>
    public int MaxRepairs { get; set; } = 2;

    /// <summary>One model call, the client's own retries (429, 5xx, honouring Retry-After) included.</summary>
    public TimeSpan ModelCallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a result serves later jobs with the same content, schema, instructions and model.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Ask for the schema as the response format (structured output). False, or an endpoint that refuses it, puts the
    /// schema in the prompt instead.
    /// </summary>
    public bool StructuredOutput { get; set; } = true;
}
