using App.Inference.Audio;
using App.Inference.Screening;
using App.Inference.Tests.Infrastructure;

namespace App.Inference.Tests.Audio;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(44100, 16000, 1000)]
    [InlineData(44100, 16000, 440)]
    [InlineData(8000, 16000, 440)]
    [InlineData(8000, 16000, 3000)]
    [InlineData(48000, 16000, 5000)]
    [InlineData(22050, 16000, 2500)]
    public void Keeps_a_sine_at_its_frequency_and_level(int from, int to, double frequency)
    {
        var input = Signals.Sine(frequency, from, 2.0);

        var output = Resampler.Resample(input, from, to);

        Assert.Equal(2 * to, output.Length);
        Assert.InRange(Signals.ZeroCrossingFrequency(output, to), frequency * 0.995, frequency * 1.005);
        var middle = output.AsSpan(output.Length / 4, output.Length / 2);
        Assert.InRange(Loudness.RmsDbfs(middle), Loudness.RmsDbfs(input) - 0.2, Loudness.RmsDbfs(input) + 0.2);
    }

    [Fact]
    public void Removes_content_above_the_new_nyquist_instead_of_aliasing_it()
    {
        // A 12 kHz tone cannot exist at 16 kHz; a naive decimator would fold it down to 4 kHz at full level.
        var input = Signals.Sine(12000, 44100, 1.0);

        var output = Resampler.Resample(input, 44100, 16000);

        var middle = output.AsSpan(output.Length / 4, output.Length / 2);
        Assert.True(Loudness.RmsDbfs(middle) < Loudness.RmsDbfs(input) - 50, $"residual {Loudness.RmsDbfs(middle)} dBFS");
    }

    [Fact]
    public void Same_rate_returns_a_copy()
    {
        float[] input = [0.1f, 0.2f];

        var output = Resampler.Resample(input, 16000, 16000);

        Assert.Equal(input, output);
        Assert.NotSame(input, output);
    }
}
