namespace App.Inference.Audio;

/// <summary>Recognises audio containers by their first bytes, so a declared content type is never trusted on its own.</summary>
public static class AudioFormatSniffer
{
    /// <summary>Bytes needed to tell every supported format apart.</summary>
    public const int HeaderLength = 12;

    public static AudioFormat Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WAVE"u8))
        {
            return AudioFormat.Wav;
        }

        if (header.StartsWith("fLaC"u8))
        {
            return AudioFormat.Flac;
        }

        if (header.StartsWith("OggS"u8))
        {
            return AudioFormat.Ogg;
        }

        if (header.StartsWith("ID3"u8) || IsMpegAudioFrame(header))
        {
            return AudioFormat.Mp3;
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return AudioFormat.WebM;
        }

        if (header.Length >= 8 && header[4..8].SequenceEqual("ftyp"u8))
        {
            return AudioFormat.Mp4;
        }

        return AudioFormat.Unknown;
    }

    public static string ContentType(AudioFormat format) => format switch
    {
        AudioFormat.Wav => "audio/wav",
        AudioFormat.Flac => "audio/flac",
        AudioFormat.Ogg => "audio/ogg",
        AudioFormat.Mp3 => "audio/mpeg",
        AudioFormat.WebM => "audio/webm",
        AudioFormat.Mp4 => "audio/mp4",
        _ => "application/octet-stream",
    };

    // An MPEG audio frame header: 11 sync bits, a defined layer and a usable bitrate index. The layer check keeps
    // AAC ADTS (which shares the sync word but has layer 0) out; the bitrate and sample-rate checks reject most random 0xFF runs.
    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> header) =>
        header.Length >= 3
        && header[0] == 0xFF
        && (header[1] & 0xE0) == 0xE0
        && (header[1] & 0x06) != 0
        && (header[1] & 0x18) != 0x08
        && (header[2] & 0xF0) is not 0xF0 and not 0x00
        && (header[2] & 0x0C) != 0x0C;
}
