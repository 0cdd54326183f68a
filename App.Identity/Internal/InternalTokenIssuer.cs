using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Identity.Internal;

/// <summary>
/// The gateway's half: after it authenticated a caller, it signs who that is for one target service, so services
/// trust the gateway's decision without re-checking keys and without trusting headers a client could send.
/// </summary>
public sealed class InternalTokenIssuer(IOptions<InternalIdentityOptions> options, TimeProvider time)
{
    private readonly SigningCredentials credentials = new(InternalSigningKey.From(options.Value), SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler handler = new();

    /// <param name="audience">The target service (<c>api</c>, <c>rag</c>).</param>
    public string Issue(CallerIdentity caller, string audience)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = InternalIdentityOptions.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(options.Value.LifetimeSeconds),
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = caller.Subject,
                [InternalClaims.Tenant] = caller.TenantId.ToString("D"),
                [InternalClaims.Roles] = caller.Roles.ToArray(),
                [InternalClaims.Scope] = string.Join(' ', caller.Scopes),
                [InternalClaims.Method] = caller.Method.ToString(),
                [InternalClaims.Plan] = caller.Plan,
            },
        });
    }
}
