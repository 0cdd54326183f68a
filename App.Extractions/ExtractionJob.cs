using System.Text.Json;

namespace App.Extractions;

/// <summary>The job kind of extractions, and what its input holds for the worker.</summary>
/// <param name="Model">The chat model the Api saw configured; part of the cache key.</param>
/// <param name="SchemaName">A built-in schema's name, or null for a schema the client sent.</param>
/// <param name="Schema">The JSON Schema document the result is validated against.</param>
/// <param name="Format">The sniffed <c>SourceFormat</c> of the upload, in lower case.</param>
/// <param name="ProtectedFileName">The original file name, encrypted: it is personal data.</param>
public sealed record ExtractionJob(
    string Model, string? SchemaName, string Schema, string? Instructions, string Format, long SizeBytes, string ProtectedFileName)
{
    public const string Kind = "document-extraction";

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static ExtractionJob? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ExtractionJob>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
