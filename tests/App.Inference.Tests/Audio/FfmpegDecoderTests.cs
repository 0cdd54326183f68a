using System.Diagnostics;
using App.Inference.Audio;
using App.Inference.Tests.Infrastructure;

namespace App.Inference.Tests.Audio;

/// <summary>Needs the Debian package ffmpeg, which also encodes the compressed test files.</summary>
public sealed class FfmpegDecoderTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("ffmpeg-").FullName;

    [Theory]
    [InlineData("flac", AudioFormat.Flac)]
    [InlineData("ogg", AudioFormat.Ogg)]
    [InlineData("mp3", AudioFormat.Mp3)]
    [InlineData("webm", AudioFormat.WebM)]
    [InlineData("m4a", AudioFormat.Mp4)]
    public async Task Decodes_compressed_formats_to_mono_at_the_requested_rate(string extension, AudioFormat format)
    {
        var wav = Path.Combine(_scratch, "tone.wav");
        await File.WriteAllBytesAsync(wav, WavWriter.Write(Signals.Sine(1000, 44100, 2).SelectMany(s => new[] { s, s }).ToArray(), 44100, 2, 16));
        var encoded = Path.Combine(_scratch, $"tone.{extension}");
        Encode(wav, encoded);
        var file = await File.ReadAllBytesAsync(encoded);
        Assert.Equal(format, AudioFormatSniffer.Detect(file));

        var audio = await AudioLoader.LoadMonoAsync(file, 16000, CancellationToken.None);

        Assert.Equal(16000, audio.SampleRate);
        Assert.InRange(audio.DurationSeconds, 1.9, 2.2);
        Assert.InRange(Signals.ZeroCrossingFrequency(audio.Samples, 16000), 990, 1010);
    }

    [Fact]
    public async Task Garbage_after_a_valid_signature_fails_as_corrupt()
    {
        var file = "fLaC"u8.ToArray().Concat(Enumerable.Repeat((byte)0x5A, 4000)).ToArray();

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => AudioLoader.LoadMonoAsync(file, 16000, CancellationToken.None));

        Assert.Equal(InferenceErrorCodes.AudioCorrupt, error.ErrorCode);
        Assert.Contains("ffmpeg", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static void Encode(string input, string output)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", input, output])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffmpeg could not encode {output}: {errors}");
    }
}
