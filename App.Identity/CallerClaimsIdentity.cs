using System.Security.Claims;

namespace App.Identity;

/// <summary>
/// A <see cref="CallerIdentity"/> as the ClaimsIdentity of an authenticated request: authorization policies read its
/// claims (roles, one <see cref="ScopeClaimType"/> claim per scope) like any other scheme's, and endpoints get the typed
/// caller back through <c>HttpContext.GetCallerIdentity()</c> without parsing claims again.
/// </summary>
public sealed class CallerClaimsIdentity : ClaimsIdentity
{
    public const string ScopeClaimType = "scope";
    public const string TenantClaimType = "tid";
    public const string MethodClaimType = "amr";
    public const string PlanClaimType = "plan";

    public CallerClaimsIdentity(CallerIdentity caller, string authenticationType)
        : base(ToClaims(caller), authenticationType, ClaimTypes.NameIdentifier, ClaimTypes.Role)
    {
        Caller = caller;
    }

    public CallerIdentity Caller { get; }

    private static IEnumerable<Claim> ToClaims(CallerIdentity caller) =>
    [
        new(ClaimTypes.NameIdentifier, caller.Subject),
        new(TenantClaimType, caller.TenantId.ToString("D")),
        new(MethodClaimType, caller.Method.ToString()),
        new(PlanClaimType, caller.Plan),
        .. caller.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
        .. caller.Scopes.Select(s => new Claim(ScopeClaimType, s)),
    ];
}
