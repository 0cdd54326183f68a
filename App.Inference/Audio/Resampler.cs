namespace App.Inference.Audio;

/// <summary>
/// Band-limited resampling by windowed sinc interpolation (Blackman window, 16 zero crossings each side) for any pair
/// of rates. When downsampling, the low-pass cutoff sits just under the new Nyquist frequency so that content above it
/// is removed instead of folding back as aliases. The kernel is tabulated once and linearly interpolated.
/// </summary>
public static class Resampler
{
    private const int ZeroCrossings = 16;
    private const int TableResolution = 512;

    // A little below Nyquist, so the filter's transition band ends before the alias region starts.
    private const double Rolloff = 0.94;

    private static readonly float[] Kernel = BuildKernel();

    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (fromRate == toRate)
        {
            return input.ToArray();
        }

        var step = (double)fromRate / toRate;
        var cutoff = Math.Min(1.0, 1.0 / step) * Rolloff;
        var halfWidth = ZeroCrossings / cutoff;
        var output = new float[(int)((long)input.Length * toRate / fromRate)];

        for (var n = 0; n < output.Length; n++)
        {
            var center = n * step;
            var first = Math.Max(0, (int)Math.Ceiling(center - halfWidth));
            var last = Math.Min(input.Length - 1, (int)Math.Floor(center + halfWidth));
            var sum = 0.0;
            for (var k = first; k <= last; k++)
            {
                sum += input[k] * KernelAt(Math.Abs(center - k) * cutoff);
            }

            output[n] = (float)(sum * cutoff);
        }

        return output;
    }

    // x is in zero crossings of the scaled sinc; beyond ZeroCrossings the window is zero.
    private static float KernelAt(double x)
    {
        var position = x * TableResolution;
        var index = (int)position;
        if (index >= Kernel.Length - 1)
        {
            return 0f;
        }

        var fraction = (float)(position - index);
        return Kernel[index] + ((Kernel[index + 1] - Kernel[index]) * fraction);
    }

    private static float[] BuildKernel()
    {
        var table = new float[(ZeroCrossings * TableResolution) + 2];
        for (var i = 0; i < table.Length; i++)
        {
            var x = (double)i / TableResolution;
            if (x > ZeroCrossings)
            {
                break;
            }

            var sinc = x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
            var u = x / ZeroCrossings;
            var blackman = 0.42 + (0.5 * Math.Cos(Math.PI * u)) + (0.08 * Math.Cos(2 * Math.PI * u));
            table[i] = (float)(sinc * blackman);
        }

        return table;
    }
}
