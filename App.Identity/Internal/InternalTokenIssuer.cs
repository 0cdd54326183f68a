using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Identity.Internal;

/// <summary>
/// The gateway's half: after it authenticated a caller, it signs who that is for one target service, so services
/// trust the gateway's decision without re-checking keys and without trusting headers a client could send.
/// A token is signed once per caller and audience and reused for the first half of its lifetime: signing (HMAC over
/// freshly serialized JSON) was the largest cost of a forwarded request.
/// </summary>
public sealed class InternalTokenIssuer(IOptions<InternalIdentityOptions> options, TimeProvider time)
{
    /// <summary>Past this many cached tokens, expired ones are dropped before another is added.</summary>
    private const int SweepThreshold = 10_000;

    private readonly SigningCredentials credentials = new(InternalSigningKey.From(options.Value), SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler handler = new();
    private readonly ConcurrentDictionary<TokenKey, IssuedToken> issued = new();

    /// <param name="audience">The target service (<c>api</c>, <c>rag</c>).</param>
    public string Issue(CallerIdentity caller, string audience)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = new TokenKey(audience, caller.Method, caller.TenantId, caller.Subject);
        if (issued.TryGetValue(key, out var token) && now < token.RenewAfter && token.SpeaksFor(caller))
        {
            return token.Value;
        }

        if (issued.Count >= SweepThreshold)
        {
            foreach (var (stale, old) in issued)
            {
                if (old.RenewAfter <= now)
                {
                    issued.TryRemove(stale, out _);
                }
            }
        }

        var lifetime = TimeSpan.FromSeconds(options.Value.LifetimeSeconds);
        token = new IssuedToken(Sign(caller, audience, now, lifetime), caller, now + lifetime / 2);
        issued[key] = token;
        return token.Value;
    }

    private string Sign(CallerIdentity caller, string audience, DateTime now, TimeSpan lifetime) =>
        handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = InternalIdentityOptions.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
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

    private readonly record struct TokenKey(string Audience, AuthMethod Method, Guid TenantId, string Subject);

    /// <summary>A token stays in use only while it says what the caller is now (a key's scopes or a tenant's plan may change).</summary>
    private sealed record IssuedToken(string Value, CallerIdentity Caller, DateTime RenewAfter)
    {
        public bool SpeaksFor(CallerIdentity caller) =>
            ReferenceEquals(caller, Caller)
            || (caller.Plan == Caller.Plan && caller.Scopes.SetEquals(Caller.Scopes) && caller.Roles.SetEquals(Caller.Roles));
    }
}
