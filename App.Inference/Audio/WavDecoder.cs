using System.Buffers.Binary;

namespace App.Inference.Audio;

/// <summary>
/// RIFF/WAVE reader: integer PCM (8, 16, 24, 32 bit), IEEE float (32, 64 bit), plain or WAVE_FORMAT_EXTENSIBLE,
/// any channel count. Unknown chunks are skipped; anything that does not add up is rejected as corrupt.
/// </summary>
public static class WavDecoder
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    // Writers that stream to a pipe cannot seek back to fill in the size, and leave it at its maximum.
    private const uint SizeUnknown = uint.MaxValue;

    /// <exception cref="AudioDecodeException">Not a WAV file, a truncated or inconsistent one, or an encoding we do not read.</exception>
    public static DecodedAudio Decode(ReadOnlySpan<byte> file)
    {
        if (AudioFormatSniffer.Detect(file) != AudioFormat.Wav)
        {
            throw AudioDecodeException.Unsupported("Not a RIFF/WAVE file.");
        }

        WavFormat? format = null;
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var id = file.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(position + 4, 4));
            var body = position + 8;

            if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw AudioDecodeException.Corrupt("WAV data chunk comes before its fmt chunk.");
                }

                var length = size == SizeUnknown ? file.Length - body : (long)size;
                if (body + length > file.Length)
                {
                    throw AudioDecodeException.Corrupt(
                        $"WAV is truncated: the data chunk declares {size} bytes, {file.Length - body} are present.");
                }

                return Read(format, file.Slice(body, (int)length));
            }

            if (body + (long)size > file.Length)
            {
                throw AudioDecodeException.Corrupt($"WAV is truncated inside the '{System.Text.Encoding.ASCII.GetString(id)}' chunk.");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = WavFormat.Parse(file.Slice(body, (int)size));
            }

            // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
            position = body + (int)size + (int)(size & 1);
        }

        throw AudioDecodeException.Corrupt(format is null ? "WAV has no fmt chunk." : "WAV has no data chunk.");
    }

    private static DecodedAudio Read(WavFormat format, ReadOnlySpan<byte> data)
    {
        if (data.Length % format.BlockAlign != 0)
        {
            throw AudioDecodeException.Corrupt(
                $"WAV is truncated: {data.Length} data bytes is not a whole number of {format.BlockAlign}-byte frames.");
        }

        var bytesPerSample = format.BitsPerSample / 8;
        var samples = new float[data.Length / bytesPerSample];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = format.ReadSample(data.Slice(i * bytesPerSample, bytesPerSample));
        }

        return new DecodedAudio(format.SampleRate, format.Channels, samples);
    }

    private sealed record WavFormat(ushort Encoding, int Channels, int SampleRate, int BlockAlign, int BitsPerSample)
    {
        public static WavFormat Parse(ReadOnlySpan<byte> fmt)
        {
            if (fmt.Length < 16)
            {
                throw AudioDecodeException.Corrupt($"WAV fmt chunk is {fmt.Length} bytes; at least 16 are required.");
            }

            var encoding = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
            var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
            var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
            var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
            var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

            if (encoding == FormatExtensible)
            {
                // WAVEFORMATEXTENSIBLE: cbSize, valid bits, channel mask, then a GUID whose first two bytes are the real format tag.
                if (fmt.Length < 40)
                {
                    throw AudioDecodeException.Corrupt("WAV extensible fmt chunk is shorter than 40 bytes.");
                }

                encoding = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
            }

            if (channels == 0 || sampleRate == 0 || sampleRate > 768_000)
            {
                throw AudioDecodeException.Corrupt($"WAV declares {channels} channel(s) at {sampleRate} Hz.");
            }

            var supported = encoding switch
            {
                FormatPcm => bits is 8 or 16 or 24 or 32,
                FormatFloat => bits is 32 or 64,
                _ => false,
            };
            if (!supported)
            {
                throw AudioDecodeException.Unsupported($"WAV encoding {encoding} with {bits}-bit samples is not supported.");
            }

            if (blockAlign != channels * (bits / 8))
            {
                throw AudioDecodeException.Corrupt($"WAV block align {blockAlign} does not match {channels} x {bits}-bit samples.");
            }

            return new WavFormat(encoding, channels, (int)sampleRate, blockAlign, bits);
        }

        public float ReadSample(ReadOnlySpan<byte> bytes) => (Encoding, BitsPerSample) switch
        {
            (FormatFloat, 32) => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            (FormatFloat, _) => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            (_, 8) => (bytes[0] - 128) / 128f,
            (_, 16) => BinaryPrimitives.ReadInt16LittleEndian(bytes) / 32768f,
            (_, 24) => ((bytes[2] << 24) | (bytes[1] << 16) | (bytes[0] << 8)) / 2147483648f,
            _ => BinaryPrimitives.ReadInt32LittleEndian(bytes) / 2147483648f,
        };
    }
}
