using App.Inference.Models;

namespace App.Inference.Screening;

/// <summary>
/// Hysteresis for turning per-window speech probabilities into segments, as silero's get_speech_timestamps does:
/// speech starts at <see cref="Threshold"/>, ends only after probabilities stay under <see cref="NegativeThreshold"/>
/// for <see cref="MinSilenceMs"/>, segments shorter than <see cref="MinSpeechMs"/> are dropped, and kept ones are
/// widened by <see cref="SpeechPadMs"/> on each side.
/// </summary>
public sealed record VadSettings(float Threshold, float NegativeThreshold, int MinSpeechMs, int MinSilenceMs, int SpeechPadMs)
{
    public static VadSettings From(ModelManifest manifest) => new(
        (float)manifest.Threshold("speech"),
        (float)manifest.Threshold("negative"),
        (int)manifest.Threshold("minSpeechMs"),
        (int)manifest.Threshold("minSilenceMs"),
        (int)manifest.Threshold("speechPadMs"));
}
