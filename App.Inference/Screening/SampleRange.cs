namespace App.Inference.Screening;

/// <summary>A half-open span of samples, [Start, End).</summary>
public readonly record struct SampleRange(int Start, int End)
{
    public int Length => End - Start;
}
