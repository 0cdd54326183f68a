namespace App.Inference.Screening;

/// <summary>What screening found in one clip. Times are in seconds from the start of the clip.</summary>
public sealed record ScreeningResult(
    double DurationSeconds,
    double SpeechRatio,
    IReadOnlyList<SpeechSegment> Segments,
    LoudnessStats Loudness,
    string Model,
    string ModelVersion,
    string Disclaimer)
{
    public const string DisclaimerText =
        "Not a medical diagnosis; for screening support only. Speech activity and loudness are measured automatically, " +
        "can be wrong, and must be interpreted by a qualified professional.";
}
