namespace App.Inference.Screening;

/// <summary>Whole-clip levels; <see cref="SpeechRmsDbfs"/> covers only the speech segments and is null without speech.</summary>
public sealed record LoudnessStats(double RmsDbfs, double PeakDbfs, double? SpeechRmsDbfs);
