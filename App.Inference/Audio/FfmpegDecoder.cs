using System.Diagnostics;
using System.Runtime.InteropServices;

namespace App.Inference.Audio;

/// <summary>
/// Decodes compressed formats (FLAC, OGG, MP3, WebM, MP4) with the ffmpeg command-line tool, straight to mono 32-bit
/// float at the requested rate. The input goes through a temporary file rather than a pipe because MP4 files often
/// keep their index at the end, which ffmpeg can only reach by seeking.
/// </summary>
public static class FfmpegDecoder
{
    public const string Executable = "ffmpeg";

    public static bool IsAvailable => Locate() is not null;

    /// <exception cref="AudioDecodeException">ffmpeg is missing or rejects the input.</exception>
    public static async Task<MonoAudio> DecodeAsync(ReadOnlyMemory<byte> file, int sampleRate, CancellationToken cancellationToken)
    {
        var ffmpeg = Locate() ?? throw new AudioDecodeException(
            InferenceErrorCodes.DecoderUnavailable,
            "Decoding FLAC, OGG, MP3, WebM or MP4 needs ffmpeg, which is not installed: install the Debian package 'ffmpeg' (apt-get install ffmpeg).");

        var inputPath = Path.Combine(Path.GetTempPath(), $"app-audio-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(inputPath, file, cancellationToken).ConfigureAwait(false);
            return await RunAsync(ffmpeg, inputPath, sampleRate, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(inputPath);
        }
    }

    private static async Task<MonoAudio> RunAsync(string ffmpeg, string inputPath, int sampleRate, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-i", inputPath,
                     "-vn", "-ac", "1", "-ar", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-f", "f32le", "pipe:1"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new AudioDecodeException(InferenceErrorCodes.DecoderUnavailable, "ffmpeg could not be started.");
        try
        {
            using var pcm = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.BaseStream.CopyToAsync(pcm, cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);

            if (process.ExitCode != 0)
            {
                throw AudioDecodeException.Corrupt($"ffmpeg could not decode the audio: {errors.Trim()}");
            }

            var samples = MemoryMarshal.Cast<byte, float>(pcm.GetBuffer().AsSpan(0, (int)pcm.Length)).ToArray();
            return new MonoAudio(sampleRate, samples);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Executable))
            .FirstOrDefault(File.Exists);
}
