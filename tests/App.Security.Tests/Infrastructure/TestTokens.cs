using System.Security.Claims;
using System.Text;
using System.Text.Json;
using App.Identity;
using App.Identity.Internal;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Security.Tests.Infrastructure;

/// <summary>Tokens as an OIDC issuer (good or bad) and as the gateway would sign them.</summary>
public static class TestTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// An access token from the configured issuer: HS256 with <paramref name="signingKey"/> (default: the trusted key),
    /// its header naming the key <paramref name="keyId"/> (<c>kid</c>) when given.
    /// </summary>
    public static string Jwt(Guid tenantId, string subject, string[]? roles = null, DateTime? expires = null, byte[]? signingKey = null, string? keyId = null)
    {
        var expiresAt = expires ?? DateTime.UtcNow.AddMinutes(5);
        var issuedAt = expiresAt.AddMinutes(-10);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SecurityAppHost.JwtIssuer,
            Audience = SecurityAppHost.JwtAudience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expiresAt,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("tenant_id", tenantId.ToString())]),
            Claims = new Dictionary<string, object> { ["roles"] = roles ?? [Roles.Member] },
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(signingKey ?? SecurityAppHost.JwtSigningKey) { KeyId = keyId }, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The same claims with <c>"alg": "none"</c> and no signature at all.</summary>
    public static string UnsignedJwt(Guid tenantId, string subject)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new { alg = "none", typ = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = SecurityAppHost.JwtIssuer,
            ["aud"] = SecurityAppHost.JwtAudience,
            ["sub"] = subject,
            ["tenant_id"] = tenantId.ToString(),
            ["roles"] = new[] { Roles.Admin },
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(JsonSerializer.Serialize(header))}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.";
    }

    /// <summary>An internal identity token exactly as the gateway issues it, signed with <paramref name="signingKey"/>.</summary>
    public static string Internal(string signingKey, CallerIdentity caller, string audience)
    {
        var issuer = new InternalTokenIssuer(Options.Create(new InternalIdentityOptions { SigningKey = signingKey }), TimeProvider.System);
        return issuer.Issue(caller, audience);
    }

    public static CallerIdentity PlatformAdmin() => new(
        App.Identity.Data.Tenant.DefaultId, Guid.NewGuid().ToString(), new HashSet<string>([Roles.Admin]),
        new HashSet<string>(ApiKeyScopes.All), AuthMethod.ApiKey, Plans.Pro);

    public static string RandomSecret() => Convert.ToBase64String(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")));
}
