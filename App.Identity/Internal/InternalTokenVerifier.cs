using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Identity.Internal;

/// <summary>The services' half: accepts only tokens signed with the shared secret, for this service, still fresh.</summary>
/// <remarks>
/// The gateway reuses a token per caller and service for half its lifetime, so a service sees the same token string on
/// request after request. A token that passed the full validation once is remembered until it expires: later requests
/// with exactly that string skip the signature check and the JSON parsing (the api's largest cost per authenticated
/// request). Only a token that validated is remembered, its lifetime is checked on every use, and the memory is bounded.
/// </remarks>
public sealed class InternalTokenVerifier
{
    /// <summary>Remembered tokens at most; about two per active caller (a token and its successor).</summary>
    internal const int MaxRemembered = 10_000;

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters parameters;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, Verified> verified = new(StringComparer.Ordinal);

    /// <summary>Tokens remembered now (for tests).</summary>
    internal int Remembered => verified.Count;

    public InternalTokenVerifier(IOptions<InternalIdentityOptions> options, TimeProvider time)
    {
        this.time = time;
        var value = options.Value;
        if (string.IsNullOrEmpty(value.Audience))
        {
            throw new InvalidOperationException($"{InternalIdentityOptions.Section}:Audience must name this service.");
        }

        parameters = new TokenValidationParameters
        {
            ValidIssuer = InternalIdentityOptions.Issuer,
            ValidAudience = value.Audience,
            IssuerSigningKey = InternalSigningKey.From(value),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(value.ClockSkewSeconds),
            LifetimeValidator = (notBefore, expires, _, p) => IsWithin(time.GetUtcNow().UtcDateTime, notBefore, expires, p.ClockSkew),
        };
    }

    public async Task<AuthenticationResult> VerifyAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticationResult.Fail("no internal identity token");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (verified.TryGetValue(token, out var known))
        {
            if (IsWithin(now, known.NotBefore, known.Expires, parameters.ClockSkew))
            {
                return AuthenticationResult.Success(known.Caller);
            }

            verified.TryRemove(token, out _);
        }

        var result = await handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return AuthenticationResult.Fail($"invalid internal token: {result.Exception?.GetType().Name}");
        }

        var identity = ToIdentity(result.ClaimsIdentity);
        if (identity.Identity is { } caller && result.SecurityToken is { } validated)
        {
            Remember(token, new Verified(caller, validated.ValidFrom, validated.ValidTo), now);
        }

        return identity;
    }

    private void Remember(string token, Verified entry, DateTime now)
    {
        if (verified.Count >= MaxRemembered)
        {
            foreach (var (key, known) in verified)
            {
                if (!IsWithin(now, known.NotBefore, known.Expires, parameters.ClockSkew))
                {
                    verified.TryRemove(key, out _);
                }
            }

            if (verified.Count >= MaxRemembered)
            {
                // More live tokens than callers can explain: forget them all rather than grow (each is re-validated once).
                verified.Clear();
            }
        }

        verified[token] = entry;
    }

    /// <summary>A token that passed validation: who it names and when it is valid (UTC; DateTime.MinValue when not set).</summary>
    private sealed record Verified(CallerIdentity Caller, DateTime NotBefore, DateTime Expires);

    private static bool IsWithin(DateTime now, DateTime notBefore, DateTime expires, TimeSpan skew) =>
        now <= expires + skew && (notBefore == DateTime.MinValue || now >= notBefore - skew);

    private static bool IsWithin(DateTime now, DateTime? notBefore, DateTime? expires, TimeSpan skew) =>
        expires is { } exp && now <= exp + skew && (notBefore is not { } nbf || now >= nbf - skew);

    private static AuthenticationResult ToIdentity(ClaimsIdentity claims)
    {
        var subject = claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrEmpty(subject)
            || !Guid.TryParse(claims.FindFirst(InternalClaims.Tenant)?.Value, out var tenantId)
            || !Enum.TryParse<AuthMethod>(claims.FindFirst(InternalClaims.Method)?.Value, out var method))
        {
            return AuthenticationResult.Fail("internal token lacks subject, tenant or method");
        }

        var roles = new HashSet<string>(claims.FindAll(InternalClaims.Roles).Select(c => c.Value), StringComparer.Ordinal);
        var scopes = new HashSet<string>(
            (claims.FindFirst(InternalClaims.Scope)?.Value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var plan = claims.FindFirst(InternalClaims.Plan)?.Value ?? Plans.Free;
        return AuthenticationResult.Success(new CallerIdentity(tenantId, subject, roles, scopes, method, plan));
    }
}
