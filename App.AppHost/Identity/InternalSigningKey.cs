using System.Security.Cryptography;

namespace App.AppHost.Identity;

/// <summary>
/// The secret the gateway signs internal identity tokens with and the services verify them with: 48 random bytes
/// (base64), generated on the first start and kept in <c>&lt;data-dir&gt;/secrets/internal-signing.key</c> (0600), so a
/// restart keeps every service agreeing and tokens in flight stay valid.
/// </summary>
public static class InternalSigningKey
{
    public const string FileName = "internal-signing.key";
    private const int Bytes = 48;
    private const int MinimumLength = 32;

    public static string LoadOrCreate(string secretsDirectory)
    {
        var key = SecretFile.ReadOrCreate(Path.Combine(secretsDirectory, FileName),
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes)));
        return key.Length >= MinimumLength
            ? key
            : throw new InvalidOperationException(
                $"{Path.Combine(secretsDirectory, FileName)} holds fewer than {MinimumLength} characters; delete it to have a new key generated.");
    }
}
