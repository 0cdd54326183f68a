using System.Security.Cryptography;
using System.Text;

namespace App.Extractions;

/// <summary>SHA-256 over the content, the schema, the instructions and the model: equal keys give equal extractions.</summary>
public static class ExtractionCacheKey
{
    public static string Compute(ReadOnlySpan<byte> content, ExtractionSchema schema, string? instructions, string model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SHA256.HashData(content));
        // Lengths before the parts: no two different tuples hash the same bytes.
        foreach (var part in new[] { schema.Canonical, instructions ?? "", model })
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
