using App.Inference.Audio;
using App.Inference.Tests.Infrastructure;

namespace App.Inference.Tests.Audio;

public sealed class WavDecoderTests
{
    private static readonly float[] Ramp = Enumerable.Range(0, 200).Select(i => (float)Math.Sin(i * 0.1) * 0.8f).ToArray();

    [Theory]
    [InlineData(8, false, 1.0 / 128)]
    [InlineData(16, false, 1.0 / 32768)]
    [InlineData(24, false, 1.0 / 8388608)]
    [InlineData(32, false, 1.0 / 2147483648)]
    [InlineData(32, true, 0)]
    [InlineData(64, true, 1e-7)]
    public void Round_trips_each_encoding_within_its_quantisation_step(int bits, bool isFloat, double step)
    {
        var file = WavWriter.Write(Ramp, 22050, 1, bits, isFloat);

        var audio = WavDecoder.Decode(file);

        Assert.Equal(22050, audio.SampleRate);
        Assert.Equal(1, audio.Channels);
        Assert.Equal(Ramp.Length, audio.Samples.Length);
        var worst = Ramp.Zip(audio.Samples, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= step, $"largest error {worst} exceeds one quantisation step {step}");
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(24, false)]
    [InlineData(32, true)]
    public void Reads_wave_format_extensible(int bits, bool isFloat)
    {
        var file = WavWriter.Write(Ramp, 48000, 1, bits, isFloat, extensible: true);

        var audio = WavDecoder.Decode(file);

        Assert.Equal(48000, audio.SampleRate);
        Assert.Equal(Ramp[17], audio.Samples[17], 1e-4f);
    }

    [Fact]
    public void Skips_unknown_chunks_before_the_format()
    {
        var file = WavWriter.Write(Ramp, 16000, 1, 16, withUnknownChunk: true);

        Assert.Equal(Ramp.Length, WavDecoder.Decode(file).Samples.Length);
    }

    [Fact]
    public void Stereo_is_mixed_down_by_averaging_the_channels()
    {
        float[] interleaved = [0.5f, -0.5f, 0.25f, 0.75f, -1f, -0.5f];

        var audio = WavDecoder.Decode(WavWriter.Write(interleaved, 8000, 2, 32, isFloat: true));
        var mono = ChannelMixer.ToMono(audio);

        Assert.Equal(2, audio.Channels);
        Assert.Equal([0f, 0.5f, -0.75f], mono);
    }

    [Fact]
    public void Reads_any_channel_count()
    {
        var interleaved = Enumerable.Range(0, 60).Select(i => (i % 6) / 10f).ToArray();

        var audio = WavDecoder.Decode(WavWriter.Write(interleaved, 16000, 6, 32, isFloat: true));

        Assert.Equal(10, audio.Frames);
        Assert.All(ChannelMixer.ToMono(audio), s => Assert.Equal(0.25f, s, 1e-6f));
    }

    [Fact]
    public void Reads_a_streamed_file_whose_data_size_was_never_filled_in()
    {
        var file = WavWriter.Write(Ramp, 16000, 1, 16);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(file, file.Length - (Ramp.Length * 2) - 4);

        Assert.Equal(Ramp.Length, WavDecoder.Decode(file).Samples.Length);
    }

    [Fact]
    public void Rejects_a_truncated_file_as_corrupt()
    {
        var file = WavWriter.Write(Ramp, 16000, 1, 16);

        var error = Assert.Throws<AudioDecodeException>(() => WavDecoder.Decode(file.AsSpan(0, file.Length - 101)));

        Assert.Equal(InferenceErrorCodes.AudioCorrupt, error.ErrorCode);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_partial_frame_as_corrupt()
    {
        // Five 16-bit stereo frames: the data chunk's 20 bytes end the file, its size field sits just before them.
        var file = WavWriter.Write(Ramp.Take(10).ToArray(), 16000, 2, 16);
        BitConverter.GetBytes(18).CopyTo(file, file.Length - 20 - 4);

        var error = Assert.Throws<AudioDecodeException>(() => WavDecoder.Decode(file.AsSpan(0, file.Length - 2)));

        Assert.Equal(InferenceErrorCodes.AudioCorrupt, error.ErrorCode);
    }

    [Fact]
    public void Rejects_a_file_cut_inside_the_header()
    {
        var file = WavWriter.Write(Ramp, 16000, 1, 16);

        var error = Assert.Throws<AudioDecodeException>(() => WavDecoder.Decode(file.AsSpan(0, 30)));

        Assert.Equal(InferenceErrorCodes.AudioCorrupt, error.ErrorCode);
    }

    [Fact]
    public void Rejects_encodings_it_does_not_read_as_unsupported()
    {
        var file = WavWriter.Write(Ramp, 16000, 1, 16);
        file[20] = 2;

        var error = Assert.Throws<AudioDecodeException>(() => WavDecoder.Decode(file));

        Assert.Equal(InferenceErrorCodes.AudioUnsupported, error.ErrorCode);
    }

    [Fact]
    public void Rejects_data_that_is_not_a_wav_file()
    {
        var error = Assert.Throws<AudioDecodeException>(() => WavDecoder.Decode("fLaC and more bytes"u8));

        Assert.Equal(InferenceErrorCodes.AudioUnsupported, error.ErrorCode);
    }
}
