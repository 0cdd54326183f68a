using System.Security.Cryptography;

namespace App.Identity.Protection;

/// <summary>
/// The secret behind lookup hashes. Unlike Data Protection keys it must never rotate silently, or every stored
/// lookup hash would stop matching; so it is either configured or created once next to the key ring.
/// </summary>
public sealed class LookupHashKey
{
    private const int Size = 32;

    public LookupHashKey(byte[] bytes)
    {
        if (bytes.Length < Size)
        {
            throw new ArgumentException($"The lookup hash key must be at least {Size} bytes.", nameof(bytes));
        }

        Bytes = bytes;
    }

    public byte[] Bytes { get; }

    public static LookupHashKey FromConfiguredOrFile(string? configuredBase64, string keysDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredBase64))
        {
            return new LookupHashKey(Convert.FromBase64String(configuredBase64));
        }

        Directory.CreateDirectory(keysDirectory);
        var path = Path.Combine(keysDirectory, "lookup-hash.key");
        if (!File.Exists(path))
        {
            // Written aside and renamed, so a racing process sees either no file or a whole key, never a partial one.
            var temp = Path.Combine(keysDirectory, $"lookup-hash.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temp, RandomNumberGenerator.GetBytes(Size));
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }

        return new LookupHashKey(File.ReadAllBytes(path));
    }
}
