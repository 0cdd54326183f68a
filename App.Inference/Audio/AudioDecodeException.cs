namespace App.Inference.Audio;

/// <summary>
/// The upload cannot be turned into samples. <see cref="InferenceException.ErrorCode"/> says why:
/// corrupt or truncated data, an unsupported encoding, or a missing external decoder.
/// </summary>
public sealed class AudioDecodeException(string errorCode, string message, Exception? inner = null)
    : InferenceException(errorCode, message, inner)
{
    public static AudioDecodeException Corrupt(string message) => new(InferenceErrorCodes.AudioCorrupt, message);

    public static AudioDecodeException Unsupported(string message) => new(InferenceErrorCodes.AudioUnsupported, message);
}
