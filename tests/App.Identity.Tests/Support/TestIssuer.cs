using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Identity.Tests.Support;

/// <summary>An OIDC issuer of our own making: an RSA key pair that signs tokens and publishes its public JWK.</summary>
public sealed class TestIssuer : IDisposable
{
    public const string Issuer = "https://login.example.test/";
    public const string Audience = "app-api";

    private readonly RSA rsa = RSA.Create(2048);
    private readonly string keyId;

    public TestIssuer(string keyId = "key-1")
    {
        this.keyId = keyId;
    }

    public string PublicJwk
    {
        get
        {
            var p = rsa.ExportParameters(includePrivateParameters: false);
            return JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = keyId,
                ["n"] = WebEncoders.Base64UrlEncode(p.Modulus!),
                ["e"] = WebEncoders.Base64UrlEncode(p.Exponent!),
            });
        }
    }

    public string CreateToken(
        IDictionary<string, object> claims,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var start = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = start,
            NotBefore = start,
            Expires = expires ?? now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature, as an attacker would send them.</summary>
    public static string Unsigned(string signedToken)
    {
        var header = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        return $"{header}.{signedToken.Split('.')[1]}.";
    }

    /// <summary>The payload rewritten (one claim replaced) under the original signature.</summary>
    public static string Tampered(string signedToken, string claim, string value)
    {
        var parts = signedToken.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(WebEncoders.Base64UrlDecode(parts[1]))!;
        payload[claim] = JsonSerializer.SerializeToElement(value);
        return $"{parts[0]}.{WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
    }

    public void Dispose() => rsa.Dispose();
}
