using System.Security.Cryptography;
using System.Text.Json;
using App.Identity.Data;

namespace App.Identity.Audit;

/// <summary>
/// The hash of an entry: SHA-256 over a canonical JSON array of its fields and the previous hash. An array keeps
/// field boundaries unambiguous; milliseconds keep the time identical after a round trip through either database.
/// </summary>
internal static class AuditChain
{
    public static readonly byte[] GenesisHash = new byte[32];

    public static byte[] ComputeHash(AuditEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(entry.Sequence);
            json.WriteStringValue(entry.TenantId?.ToString("D") ?? "");
            json.WriteStringValue(entry.Actor);
            json.WriteStringValue(entry.Action);
            json.WriteStringValue(entry.Target);
            json.WriteNumberValue(entry.OccurredAt.ToUnixTimeMilliseconds());
            json.WriteStringValue(entry.ClientIp ?? "");
            json.WriteStringValue(entry.Outcome);
            json.WriteBase64StringValue(entry.PreviousHash);
            json.WriteEndArray();
        }

        return SHA256.HashData(buffer.ToArray());
    }
}
