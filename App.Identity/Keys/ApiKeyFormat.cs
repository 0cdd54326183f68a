using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace App.Identity.Keys;

/// <summary>
/// <c>sk_&lt;8-char prefix&gt;_&lt;base64url of 32 random bytes&gt;</c>. The prefix is public and finds the row;
/// only the SHA-256 of the whole key is stored, which is enough for 256-bit random secrets (no slow hash needed).
/// </summary>
public static class ApiKeyFormat
{
    public const string Marker = "sk_";
    public const int PrefixLength = 8;
    private const int SecretBytes = 32;
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Generate(out string prefix)
    {
        prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        return $"{Marker}{prefix}_{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes))}";
    }

    /// <summary>Reads the prefix of a well-formed key; anything else is not one of ours and is refused before the database.</summary>
    public static bool TryParse(string? key, out string prefix)
    {
        prefix = "";
        if (key is null || key.Length < Marker.Length + PrefixLength + 1 + 43 || !key.StartsWith(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        var candidate = key.Substring(Marker.Length, PrefixLength);
        if (key[Marker.Length + PrefixLength] != '_' || !candidate.All(PrefixAlphabet.Contains))
        {
            return false;
        }

        prefix = candidate;
        return true;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
