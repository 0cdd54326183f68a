using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace App.Identity.Jwt;

/// <summary>
/// Turns the claims of a validated external OIDC access token (JwtBearer checked signature, issuer, audience and
/// lifetime) into a <see cref="CallerIdentity"/>: tenant and roles from configurable claims, scopes from the token or
/// else from the role. Whether the tenant exists, and its plan, is <see cref="TenantPlans"/>' question.
/// </summary>
public static class ExternalTokenClaims
{
    public static AuthenticationResult ToCaller(ClaimsPrincipal principal, ExternalJwtOptions options)
    {
        var subject = principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            return AuthenticationResult.Fail("token has no subject");
        }

        if (!Guid.TryParse(principal.FindFirst(options.TenantClaim)?.Value, out var tenantId))
        {
            return AuthenticationResult.Fail($"token has no tenant in claim '{options.TenantClaim}'");
        }

        var roles = new HashSet<string>(
            principal.FindAll(options.RolesClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(Roles.IsKnown),
            StringComparer.Ordinal);
        if (roles.Count == 0)
        {
            roles.Add(Roles.Member);
        }

        var scopeClaim = principal.FindFirst(options.ScopeClaim)?.Value;
        var scopes = scopeClaim is null
            ? DefaultScopes(roles)
            : new HashSet<string>(scopeClaim.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(ApiKeyScopes.IsKnown), StringComparer.Ordinal);

        return AuthenticationResult.Success(new CallerIdentity(tenantId, subject, roles, scopes, AuthMethod.Jwt, options.PlanFallback));
    }

    /// <summary>Issuers that do not emit our scopes get them from the role: members use the product, admins also administer.</summary>
    private static HashSet<string> DefaultScopes(HashSet<string> roles) =>
        roles.Contains(Roles.Admin)
            ? new HashSet<string>(ApiKeyScopes.All, StringComparer.Ordinal)
            : new HashSet<string>([ApiKeyScopes.Predictions, ApiKeyScopes.Documents, ApiKeyScopes.Extractions], StringComparer.Ordinal);
}
