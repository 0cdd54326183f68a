namespace App.Inference.Audio;

public enum AudioFormat
{
    Unknown,
    Wav,
    Flac,
    Ogg,
    Mp3,
    WebM,
    Mp4,
}
