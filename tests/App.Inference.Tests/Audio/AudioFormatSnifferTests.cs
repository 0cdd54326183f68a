using App.Inference.Audio;

namespace App.Inference.Tests.Audio;

public sealed class AudioFormatSnifferTests
{
    [Theory]
    [InlineData("52494646 24080000 57415645", AudioFormat.Wav)]
    [InlineData("664C6143 00000022 1000", AudioFormat.Flac)]
    [InlineData("4F676753 00020000 00000000", AudioFormat.Ogg)]
    [InlineData("49443303 00000000 0F76", AudioFormat.Mp3)]
    [InlineData("FFFB9064 00000000", AudioFormat.Mp3)]
    [InlineData("FFF3C4C4 00000000", AudioFormat.Mp3)]
    [InlineData("1A45DFA3 9F428681 01", AudioFormat.WebM)]
    [InlineData("00000020 66747970 4D344120", AudioFormat.Mp4)]
    [InlineData("0000001C 66747970 69736F6D", AudioFormat.Mp4)]
    public void Recognises_each_signature(string hex, AudioFormat expected)
    {
        Assert.Equal(expected, AudioFormatSniffer.Detect(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("89504E47 0D0A1A0A 0000000D")]
    [InlineData("52494646 24080000 41564920")]
    [InlineData("FFF15080 00000000")]
    [InlineData("FFFFFFFF FFFFFFFF")]
    [InlineData("25504446 2D312E34")]
    [InlineData("")]
    [InlineData("5249")]
    public void Rejects_other_content(string hex)
    {
        Assert.Equal(AudioFormat.Unknown, AudioFormatSniffer.Detect(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));
    }
}
