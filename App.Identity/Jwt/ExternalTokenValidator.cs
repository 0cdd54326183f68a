using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace App.Identity.Jwt;

/// <summary>
/// Validates bearer tokens from an external OpenID Connect issuer: signature (never <c>alg: none</c>), issuer,
/// audience, lifetime. Tenant and roles come from configurable claims; the tenant must be one of our tenant ids.
/// Whether the tenant exists is the caller's question (see <c>CallerAuthenticator</c>).
/// </summary>
public sealed class ExternalTokenValidator
{
    private readonly ExternalJwtOptions options;
    private readonly IConfigurationManager<OpenIdConnectConfiguration>? discovery;
    private readonly List<SecurityKey> configuredKeys;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public ExternalTokenValidator(ExternalJwtOptions options, IConfigurationManager<OpenIdConnectConfiguration>? discovery)
    {
        this.options = options;
        this.discovery = discovery;
        configuredKeys = [.. options.SigningKeys.Select(json => (SecurityKey)new JsonWebKey(json))];
        if (!string.IsNullOrEmpty(options.SymmetricKey))
        {
            configuredKeys.Add(new SymmetricSecurityKey(Convert.FromBase64String(options.SymmetricKey)));
        }
    }

    public async Task<AuthenticationResult> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!options.IsConfigured)
        {
            return AuthenticationResult.Fail("bearer tokens are not configured (Identity:Jwt)");
        }

        var result = await handler.ValidateTokenAsync(token, await ParametersAsync(cancellationToken));
        if (!result.IsValid && discovery is not null && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The issuer may have rotated its keys since we last fetched them.
            discovery.RequestRefresh();
            result = await handler.ValidateTokenAsync(token, await ParametersAsync(cancellationToken));
        }

        if (!result.IsValid)
        {
            return AuthenticationResult.Fail($"invalid token: {result.Exception?.GetType().Name}");
        }

        return ToIdentity(result.ClaimsIdentity);
    }

    private async Task<TokenValidationParameters> ParametersAsync(CancellationToken cancellationToken)
    {
        var keys = new List<SecurityKey>(configuredKeys);
        var issuer = options.Issuer;
        if (discovery is not null)
        {
            var configuration = await discovery.GetConfigurationAsync(cancellationToken);
            keys.AddRange(configuration.SigningKeys);
            issuer ??= configuration.Issuer;
        }

        return new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateIssuer = true,
            ValidAudience = options.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys,
            ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
        };
    }

    private AuthenticationResult ToIdentity(ClaimsIdentity claims)
    {
        var subject = claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            return AuthenticationResult.Fail("token has no subject");
        }

        if (!Guid.TryParse(claims.FindFirst(options.TenantClaim)?.Value, out var tenantId))
        {
            return AuthenticationResult.Fail($"token has no tenant in claim '{options.TenantClaim}'");
        }

        var roles = new HashSet<string>(
            claims.FindAll(options.RolesClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(Roles.IsKnown),
            StringComparer.Ordinal);
        if (roles.Count == 0)
        {
            roles.Add(Roles.Member);
        }

        var scopeClaim = claims.FindFirst(options.ScopeClaim)?.Value;
        var scopes = scopeClaim is null
            ? DefaultScopes(roles)
            : new HashSet<string>(scopeClaim.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(ApiKeyScopes.IsKnown), StringComparer.Ordinal);

        return AuthenticationResult.Success(new CallerIdentity(tenantId, subject, roles, scopes, AuthMethod.Jwt, options.PlanFallback));
    }

    /// <summary>Issuers that do not emit our scopes get them from the role: members use the product, admins also administer.</summary>
    private static HashSet<string> DefaultScopes(HashSet<string> roles) =>
        roles.Contains(Roles.Admin)
            ? new HashSet<string>(ApiKeyScopes.All, StringComparer.Ordinal)
            : new HashSet<string>([ApiKeyScopes.Predictions, ApiKeyScopes.Documents], StringComparer.Ordinal);
}
