using System.Text.Json;

namespace App.Api.Predictions;

/// <summary>
/// What the job row's input holds for the worker. The original file name is personal data: it is stored only
/// encrypted (<see cref="PredictionSubmitter.FileNamePurpose"/>), the blob itself lives under a random key.
/// </summary>
public sealed record PredictionInput(string Model, string Format, long SizeBytes, double? DurationSeconds, string ProtectedFileName)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static string ModelOf(string inputJson)
    {
        using var document = JsonDocument.Parse(inputJson);
        return document.RootElement.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "";
    }
}
