using System.Security.Claims;

namespace App.Identity.Authorization;

public static class CallerClaims
{
    /// <summary>
    /// Whether any of the principal's identities carries the scope in a <see cref="CallerClaimsIdentity.ScopeClaimType"/>
    /// claim; a claim may hold several space-separated scopes, as OAuth tokens write them.
    /// </summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope)
    {
        // The common case, from the caller's set: the platform's principals have one identity, a CallerClaimsIdentity.
        if (user.Identity is CallerClaimsIdentity { Caller: var primary } && primary.HasScope(scope))
        {
            return true;
        }

        foreach (var identity in user.Identities)
        {
            var found = identity is CallerClaimsIdentity { Caller: var caller }
                ? caller.HasScope(scope)
                : identity.FindAll(CallerClaimsIdentity.ScopeClaimType)
                    .Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
            if (found)
            {
                return true;
            }
        }

        return false;
    }
}
