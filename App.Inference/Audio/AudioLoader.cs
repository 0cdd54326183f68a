namespace App.Inference.Audio;

/// <summary>Turns an uploaded file into mono samples at a model's rate, whatever container it came in.</summary>
public static class AudioLoader
{
    /// <exception cref="AudioDecodeException">Unknown format, corrupt data, or no decoder for the format.</exception>
    public static async Task<MonoAudio> LoadMonoAsync(ReadOnlyMemory<byte> file, int sampleRate, CancellationToken cancellationToken)
    {
        var format = AudioFormatSniffer.Detect(file.Span);
        switch (format)
        {
            case AudioFormat.Wav:
                var decoded = WavDecoder.Decode(file.Span);
                var mono = ChannelMixer.ToMono(decoded);
                // At the model's rate already (the usual upload): no copy. A clip's samples are large objects, whose
                // churn the GC answers with full collections.
                return new MonoAudio(sampleRate, decoded.SampleRate == sampleRate ? mono : Resampler.Resample(mono, decoded.SampleRate, sampleRate));
            case AudioFormat.Unknown:
                throw AudioDecodeException.Unsupported("The file is not a recognised audio format (WAV, FLAC, OGG, MP3, WebM, MP4).");
            default:
                return await FfmpegDecoder.DecodeAsync(file, sampleRate, cancellationToken).ConfigureAwait(false);
        }
    }
}
