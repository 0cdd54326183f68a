using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Identity.Internal;

/// <summary>The services' half: accepts only tokens signed with the shared secret, for this service, still fresh.</summary>
public sealed class InternalTokenVerifier
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters parameters;

    public InternalTokenVerifier(IOptions<InternalIdentityOptions> options, TimeProvider time)
    {
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

        var result = await handler.ValidateTokenAsync(token, parameters);
        return result.IsValid ? ToIdentity(result.ClaimsIdentity) : AuthenticationResult.Fail($"invalid internal token: {result.Exception?.GetType().Name}");
    }

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
