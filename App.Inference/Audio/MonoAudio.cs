namespace App.Inference.Audio;

/// <summary>One channel of samples in [-1, 1] at a known rate: what a model consumes.</summary>
public sealed record MonoAudio(int SampleRate, float[] Samples)
{
    public double DurationSeconds => (double)Samples.Length / SampleRate;
}
