namespace App.Inference.Audio;

/// <summary>Samples in [-1, 1], interleaved by channel as they were stored.</summary>
public sealed record DecodedAudio(int SampleRate, int Channels, float[] Samples)
{
    public int Frames => Samples.Length / Channels;
}
