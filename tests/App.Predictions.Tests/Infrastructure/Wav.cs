using System.Buffers.Binary;

namespace App.Predictions.Tests.Infrastructure;

/// <summary>Just enough WAV to prepare test audio; the code under test has its own decoder.</summary>
public static class Wav
{
    public static (float[] Samples, int SampleRate) ReadMono16(byte[] file)
    {
        var rate = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(24));
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var size = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(position + 4));
            if (file.AsSpan(position, 4).SequenceEqual("data"u8))
            {
                var length = size < 0 || position + 8 + size > file.Length ? file.Length - position - 8 : size;
                var samples = new float[length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(position + 8 + (i * 2))) / 32768f;
                }

                return (samples, rate);
            }

            position += 8 + size + (size & 1);
        }

        throw new InvalidDataException("No data chunk.");
    }

    /// <param name="bits">16, or 8 for long clips that must fit the upload limit.</param>
    public static byte[] Write(ReadOnlySpan<float> samples, int sampleRate, int bits = 16)
    {
        var bytesPerSample = bits / 8;
        var dataLength = samples.Length * bytesPerSample;
        var file = new byte[44 + dataLength];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(4), 36 + dataLength);
        "WAVEfmt "u8.CopyTo(file.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(28), sampleRate * bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(32), (short)bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(34), (short)bits);
        "data"u8.CopyTo(file.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(40), dataLength);
        for (var i = 0; i < samples.Length; i++)
        {
            var s = Math.Clamp(samples[i], -1f, 1f);
            if (bits == 8)
            {
                file[44 + i] = (byte)Math.Round((s * 127) + 128);
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(44 + (i * 2)), (short)Math.Round(s * 32767));
            }
        }

        return file;
    }
}
