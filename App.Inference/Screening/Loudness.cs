namespace App.Inference.Screening;

/// <summary>Levels in dB relative to full scale (a full-scale sine has RMS -3.01 dBFS, peak 0 dBFS).</summary>
public static class Loudness
{
    /// <summary>Reported for digital silence, where the logarithm has no value and JSON has no -Infinity.</summary>
    public const double FloorDbfs = -120;

    public static double RmsDbfs(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return FloorDbfs;
        }

        var sumOfSquares = 0.0;
        foreach (var sample in samples)
        {
            sumOfSquares += sample * sample;
        }

        return ToDbfs(Math.Sqrt(sumOfSquares / samples.Length));
    }

    /// <summary>The RMS level of the given ranges taken together, as if they were one signal (without copying them).</summary>
    public static double RmsDbfs(ReadOnlySpan<float> samples, IReadOnlyList<SampleRange> ranges)
    {
        var sumOfSquares = 0.0;
        var count = 0L;
        foreach (var range in ranges)
        {
            foreach (var sample in samples.Slice(range.Start, range.Length))
            {
                sumOfSquares += sample * sample;
            }

            count += range.Length;
        }

        return count == 0 ? FloorDbfs : ToDbfs(Math.Sqrt(sumOfSquares / count));
    }

    public static double PeakDbfs(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        foreach (var sample in samples)
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        return ToDbfs(peak);
    }

    private static double ToDbfs(double amplitude) =>
        amplitude <= 0 ? FloorDbfs : Math.Max(FloorDbfs, Math.Round(20 * Math.Log10(amplitude), 2));
}
