namespace App.Inference.Tests.Golden;

/// <summary>Agreement between two sets of segments, measured on the time they mark as speech.</summary>
public static class SpeechTime
{
    /// <summary>Intersection over union of the speech time; two clips with no speech at all agree fully.</summary>
    public static double IoU(IReadOnlyList<double[]> expected, IReadOnlyList<double[]> actual)
    {
        var union = Total(expected) + Total(actual);
        var intersection = 0.0;
        foreach (var a in expected)
        {
            foreach (var b in actual)
            {
                intersection += Math.Max(0, Math.Min(a[1], b[1]) - Math.Max(a[0], b[0]));
            }
        }

        union -= intersection;
        return union <= 0 ? 1.0 : intersection / union;
    }

    private static double Total(IReadOnlyList<double[]> segments) => segments.Sum(s => s[1] - s[0]);
}
