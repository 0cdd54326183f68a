namespace App.Inference.Tests.Infrastructure;

public static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, double seconds, float amplitude = 0.5f)
    {
        var samples = new float[(int)(sampleRate * seconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = amplitude * (float)Math.Sin(2 * Math.PI * frequency * i / sampleRate);
        }

        return samples;
    }

    public static float[] Silence(int sampleRate, double seconds) => new float[(int)(sampleRate * seconds)];

    /// <summary>Uniform white noise from a fixed seed, so every run hears the same noise.</summary>
    public static float[] WhiteNoise(int sampleRate, double seconds, float amplitude = 0.3f, int seed = 1234)
    {
        var random = new Random(seed);
        var samples = new float[(int)(sampleRate * seconds)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = amplitude * ((float)(random.NextDouble() * 2) - 1);
        }

        return samples;
    }

    public static float[] Pad(float[] samples, int sampleRate, double secondsBefore, double secondsAfter)
    {
        var before = (int)(sampleRate * secondsBefore);
        var padded = new float[before + samples.Length + (int)(sampleRate * secondsAfter)];
        samples.CopyTo(padded, before);
        return padded;
    }

    /// <summary>Frequency estimated from zero crossings, over the middle of the signal (away from filter edge effects).</summary>
    public static double ZeroCrossingFrequency(float[] samples, int sampleRate)
    {
        var start = samples.Length / 10;
        var end = samples.Length - start;
        var crossings = 0;
        for (var i = start + 1; i < end; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                crossings++;
            }
        }

        return crossings / 2.0 / ((double)(end - start) / sampleRate);
    }
}
