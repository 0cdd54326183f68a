using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace App.Identity.Protection;

/// <summary>
/// Encrypts personal data with ASP.NET Core Data Protection (one purpose per field, so a ciphertext cannot be
/// replayed into another column) and computes keyed lookup hashes for fields that must be found by equality.
/// </summary>
public sealed class PersonalDataProtector(IDataProtectionProvider provider, LookupHashKey lookupKey)
{
    public const string EmailPurpose = "App.Identity.User.Email";

    public string Protect(string purpose, string plaintext) => provider.CreateProtector(purpose).Protect(plaintext);

    public string Unprotect(string purpose, string ciphertext) => provider.CreateProtector(purpose).Unprotect(ciphertext);

    /// <summary>A converter for EF Core properties holding personal data; reusable by other contexts (file names, conversations).</summary>
    public ValueConverter<string, string> CreateConverter(string purpose)
    {
        var protector = provider.CreateProtector(purpose);
        return new ValueConverter<string, string>(v => protector.Protect(v), v => protector.Unprotect(v));
    }

    public byte[] LookupHash(string purpose, string value) =>
        HMACSHA256.HashData(lookupKey.Bytes, Encoding.UTF8.GetBytes(purpose + "\n" + value));

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();
}
