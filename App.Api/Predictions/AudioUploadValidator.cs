using App.Api.Uploads;
using App.Inference;
using App.Inference.Audio;
using Microsoft.Extensions.Options;

namespace App.Api.Predictions;

/// <summary>
/// Decides from the bytes, not from what the client claims, whether an upload is audio we can screen. WAV is decoded
/// here in full, so a truncated or corrupt file is refused before anything is stored and its duration is known.
/// </summary>
public sealed class AudioUploadValidator(IOptions<PredictionsOptions> options)
{
    private static readonly Dictionary<AudioFormat, string[]> ContentTypes = new()
    {
        [AudioFormat.Wav] = ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"],
        [AudioFormat.Flac] = ["audio/flac", "audio/x-flac"],
        [AudioFormat.Ogg] = ["audio/ogg", "application/ogg", "audio/opus", "audio/vorbis"],
        [AudioFormat.Mp3] = ["audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3"],
        [AudioFormat.WebM] = ["audio/webm", "video/webm", "audio/x-matroska", "video/x-matroska"],
        [AudioFormat.Mp4] = ["audio/mp4", "audio/m4a", "audio/x-m4a", "video/mp4", "audio/aac"],
    };

    private static readonly Dictionary<AudioFormat, string[]> Extensions = new()
    {
        [AudioFormat.Wav] = [".wav", ".wave"],
        [AudioFormat.Flac] = [".flac"],
        [AudioFormat.Ogg] = [".ogg", ".oga", ".opus"],
        [AudioFormat.Mp3] = [".mp3"],
        [AudioFormat.WebM] = [".webm", ".mka", ".mkv"],
        [AudioFormat.Mp4] = [".m4a", ".mp4", ".aac"],
    };

    private static readonly string[] NeutralContentTypes = ["application/octet-stream", "binary/octet-stream"];

    /// <returns>The detected format and, for formats decoded in process, the duration in seconds.</returns>
    /// <exception cref="UploadRejectedException">415 for what is not audio or contradicts its declared type, 422 for corrupt or too long audio.</exception>
    public (AudioFormat Format, double? DurationSeconds) Validate(UploadedFile file)
    {
        var format = AudioFormatSniffer.Detect(file.Content.Span);
        if (format == AudioFormat.Unknown)
        {
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, PredictionErrorCodes.UnsupportedMediaType,
                "Not a supported audio format", $"'{file.FileName}' is not WAV, FLAC, OGG, MP3, WebM/Matroska or MP4/M4A.");
        }

        EnsureDeclaredTypeAgrees(file, format);
        var duration = format == AudioFormat.Wav ? WavDuration(file) : (double?)null;
        if (duration > options.Value.MaxDurationSeconds)
        {
            throw new UploadRejectedException(StatusCodes.Status422UnprocessableEntity, PredictionErrorCodes.AudioTooLong,
                "Audio too long", $"'{file.FileName}' lasts {duration:F1} s; the limit is {options.Value.MaxDurationSeconds} s.");
        }

        return (format, duration);
    }

    private static void EnsureDeclaredTypeAgrees(UploadedFile file, AudioFormat format)
    {
        var declared = file.DeclaredContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var typeContradicts = !string.IsNullOrEmpty(declared) && !NeutralContentTypes.Contains(declared)
            && !ContentTypes[format].Contains(declared);

        var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
        var extensionContradicts = Extensions.Values.Any(e => e.Contains(extension)) && !Extensions[format].Contains(extension);

        if (typeContradicts || extensionContradicts)
        {
            throw new UploadRejectedException(StatusCodes.Status415UnsupportedMediaType, PredictionErrorCodes.MediaTypeMismatch,
                "Declared type contradicts the content",
                $"'{file.FileName}' is declared as {declared ?? extension} but its content is {AudioFormatSniffer.ContentType(format)}.");
        }
    }

    private static double WavDuration(UploadedFile file)
    {
        try
        {
            var audio = WavDecoder.Decode(file.Content.Span);
            return (double)audio.Frames / audio.SampleRate;
        }
        catch (AudioDecodeException e)
        {
            var status = e.ErrorCode == InferenceErrorCodes.AudioUnsupported
                ? StatusCodes.Status415UnsupportedMediaType
                : StatusCodes.Status422UnprocessableEntity;
            var code = e.ErrorCode == InferenceErrorCodes.AudioUnsupported ? PredictionErrorCodes.UnsupportedMediaType : PredictionErrorCodes.AudioCorrupt;
            throw new UploadRejectedException(status, code, "Audio cannot be decoded", $"'{file.FileName}': {e.Message}");
        }
    }
}
