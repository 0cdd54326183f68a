using System.Buffers.Binary;

namespace App.Testing;

/// <summary>A small valid PCM WAV (16 kHz, mono, 16-bit) with a faint tone, different each call so uploads are not deduplicated.</summary>
public static class Wav
{
    public static byte[] Tone(double seconds = 1.0)
    {
        const int rate = 16000;
        var samples = (int)(rate * seconds);
        // A fractional frequency: distinct content on every call, even across hundreds of uploads.
        var frequency = 200 + (Random.Shared.NextDouble() * 800);
        var bytes = new byte[44 + samples * 2];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], bytes.Length - 8);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], rate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(1000 * Math.Sin(2 * Math.PI * frequency * i / rate));
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + i * 2)..], value);
        }

        return bytes;
    }

    public static MultipartFormDataContent Upload(byte[] file)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new("audio/wav");
        form.Add(part, "file", "clip.wav");
        return form;
    }
}
