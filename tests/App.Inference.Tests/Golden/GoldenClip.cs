namespace App.Inference.Tests.Golden;

/// <summary>
/// A clip made at test time and what the model found in it when the baseline was recorded. Sources: "espeak"
/// (each text spoken, joined by <see cref="GapSeconds"/> of silence), "silence", "noise" (fixed seed) or "tone".
/// </summary>
public sealed record GoldenClip(
    string Name,
    string Source,
    IReadOnlyList<string>? Texts,
    string? Voice,
    double PadSeconds,
    double GapSeconds,
    double Seconds,
    double Frequency,
    double SpeechRatio,
    IReadOnlyList<double[]> Segments);
