namespace App.Inference;

/// <summary>Stable error codes that jobs and API responses carry; clients match on these, not on messages.</summary>
public static class InferenceErrorCodes
{
    public const string ModelUnavailable = "model_unavailable";
    public const string AudioCorrupt = "audio_corrupt";
    public const string AudioUnsupported = "audio_unsupported";
    public const string DecoderUnavailable = "decoder_unavailable";
}
