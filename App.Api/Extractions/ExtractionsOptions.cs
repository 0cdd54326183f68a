using App.Api.Uploads;

namespace App.Api.Extractions;

/// <summary>Bound from "Extractions".</summary>
public sealed class ExtractionsOptions
{
    public const string SectionName = "Extractions";

    /// <summary>Below the gateway's 64 MiB body limit of the upload route, so the Api's own answer (413) reaches the client.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    public int MaxSchemaBytes { get; set; } = 64 * 1024;

    public int MaxInstructionsBytes { get; set; } = 4000;

    /// <summary>Attempts of a job: a model that timed out or stayed unavailable is asked again in a later attempt.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>One document and the fields 'schema', 'instructions' and 'webhookUrl'.</summary>
    public UploadLimits UploadLimits() => new(1, MaxUploadBytes, new Dictionary<string, int>
    {
        [FormFields.Schema] = MaxSchemaBytes,
        [FormFields.Instructions] = MaxInstructionsBytes,
        [FormFields.WebhookUrl] = FormFields.MaxFieldBytes,
    });
}
