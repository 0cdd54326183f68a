namespace App.Inference.Screening;

public sealed record SpeechSegment(double Start, double End, double RmsDbfs);
