using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace App.Inference.Tests.Golden;

/// <summary>The committed expectations in baseline.json, and the tolerances a run must stay within.</summary>
public sealed record GoldenBaseline(
    string EspeakNg,
    string Model,
    double MinSpeechIoU,
    double MaxSpeechRatioError,
    IReadOnlyList<GoldenClip> Clips)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SourcePath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "baseline.json");

    public static GoldenBaseline Load() =>
        JsonSerializer.Deserialize<GoldenBaseline>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "baseline.json")), Json)!;
}
