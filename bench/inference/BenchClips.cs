using App.Inference.Audio;

namespace Bench.Inference;

/// <summary>
/// Deterministic clips with speech-like structure (voiced bursts with harmonics, pauses, a noise floor), so the
/// segmenter has work to do; the model's cost per window does not depend on the content.
/// </summary>
public static class BenchClips
{
    public static float[] Make(int seed, int rate, double seconds)
    {
        var random = new Random(seed);
        var samples = new float[(int)(rate * seconds)];
        var position = 0;
        while (position < samples.Length)
        {
            var burst = (int)(rate * (0.2 + (random.NextDouble() * 0.6)));
            var pitch = 100 + (random.NextDouble() * 150);
            for (var i = 0; i < burst && position + i < samples.Length; i++)
            {
                var t = (double)i / rate;
                var envelope = Math.Sin(Math.PI * i / burst);
                samples[position + i] = (float)(0.2 * envelope * (Math.Sin(2 * Math.PI * pitch * t) + (0.5 * Math.Sin(4 * Math.PI * pitch * t))));
            }

            position += burst + (int)(rate * random.NextDouble() * 0.4);
        }

        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] += (float)((random.NextDouble() - 0.5) * 0.002);
        }

        return samples;
    }

    public static byte[] ToWav(float[] samples, int rate)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples.Length * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((ushort)1);
        writer.Write((ushort)1);
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((ushort)2);
        writer.Write((ushort)16);
        writer.Write("data"u8);
        writer.Write(samples.Length * 2);
        foreach (var sample in samples)
        {
            writer.Write((short)Math.Clamp(sample * 32768, short.MinValue, short.MaxValue));
        }

        writer.Flush();
        return stream.ToArray();
    }
}
