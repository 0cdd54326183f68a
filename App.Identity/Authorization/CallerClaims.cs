using System.Security.Claims;

namespace App.Identity.Authorization;

public static class CallerClaims
{
    /// <summary>
    /// Whether any of the principal's identities carries the scope in a <see cref="CallerClaimsIdentity.ScopeClaimType"/>
    /// claim; a claim may hold several space-separated scopes, as OAuth tokens write them.
    /// </summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(CallerClaimsIdentity.ScopeClaimType)
            .Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
