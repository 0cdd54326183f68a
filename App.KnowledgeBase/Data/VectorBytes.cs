using System.Runtime.InteropServices;

namespace App.KnowledgeBase.Data;

/// <summary>Embeddings are stored as raw float32 bytes: compact on both databases and copied without parsing.</summary>
public static class VectorBytes
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    public static float[] ToVector(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
