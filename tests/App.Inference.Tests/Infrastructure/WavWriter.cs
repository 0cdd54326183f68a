using System.Buffers.Binary;

namespace App.Inference.Tests.Infrastructure;

/// <summary>Writes test WAV files in each encoding the decoder claims to read.</summary>
public static class WavWriter
{
    public static byte[] Write(
        float[] interleaved, int sampleRate, int channels, int bits, bool isFloat = false, bool extensible = false,
        bool withUnknownChunk = false)
    {
        var bytesPerSample = bits / 8;
        var data = new byte[interleaved.Length * bytesPerSample];
        for (var i = 0; i < interleaved.Length; i++)
        {
            WriteSample(data.AsSpan(i * bytesPerSample, bytesPerSample), interleaved[i], bits, isFloat);
        }

        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(0);
        writer.Write("WAVE"u8);

        if (withUnknownChunk)
        {
            writer.Write("LIST"u8);
            writer.Write(5);
            writer.Write("INFOx"u8);
            writer.Write((byte)0);
        }

        var tag = (ushort)(isFloat ? 3 : 1);
        writer.Write("fmt "u8);
        writer.Write(extensible ? 40 : 16);
        writer.Write(extensible ? (ushort)0xFFFE : tag);
        writer.Write((ushort)channels);
        writer.Write(sampleRate);
        writer.Write(sampleRate * channels * bytesPerSample);
        writer.Write((ushort)(channels * bytesPerSample));
        writer.Write((ushort)bits);
        if (extensible)
        {
            writer.Write((ushort)22);
            writer.Write((ushort)bits);
            writer.Write(0);
            writer.Write(tag);
            writer.Write([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]);
        }

        writer.Write("data"u8);
        writer.Write(data.Length);
        writer.Write(data);
        writer.Flush();

        var file = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), file.Length - 8);
        return file;
    }

    public static byte[] WriteMono16(float[] samples, int sampleRate) => Write(samples, sampleRate, 1, 16);

    private static void WriteSample(Span<byte> target, float value, int bits, bool isFloat)
    {
        if (isFloat)
        {
            if (bits == 32)
            {
                BinaryPrimitives.WriteSingleLittleEndian(target, value);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(target, value);
            }

            return;
        }

        var clamped = Math.Clamp(value, -1f, 1f);
        switch (bits)
        {
            case 8:
                target[0] = (byte)Math.Clamp(Math.Round((clamped * 128) + 128), 0, 255);
                break;
            case 16:
                BinaryPrimitives.WriteInt16LittleEndian(target, (short)Math.Clamp(Math.Round(clamped * 32768), short.MinValue, short.MaxValue));
                break;
            case 24:
                var v24 = (int)Math.Clamp(Math.Round(clamped * 8388608), -8388608, 8388607);
                target[0] = (byte)v24;
                target[1] = (byte)(v24 >> 8);
                target[2] = (byte)(v24 >> 16);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(target, (int)Math.Clamp(Math.Round(clamped * 2147483648.0), int.MinValue, int.MaxValue));
                break;
        }
    }
}
