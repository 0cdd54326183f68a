using System.Security.Claims;

namespace App.Identity;

/// <summary>
/// A <see cref="CallerIdentity"/> as the ClaimsIdentity of an authenticated request: authorization policies read its
/// claims (roles, one <see cref="ScopeClaimType"/> claim per scope) like any other scheme's, and endpoints get the typed
/// caller back through <c>HttpContext.GetCallerIdentity()</c> without parsing claims again.
/// </summary>
/// <remarks>
/// The claims are made the first time something reads them. The platform's own policies ask only for roles and scopes,
/// which <see cref="HasClaim(string, string)"/> answers from the caller's sets, so a request through the gateway
/// allocates no claims at all (they were a tenth of its allocations, bench/gateway).
/// </remarks>
public sealed class CallerClaimsIdentity : ClaimsIdentity
{
    public const string ScopeClaimType = "scope";
    public const string TenantClaimType = "tid";
    public const string MethodClaimType = "amr";
    public const string PlanClaimType = "plan";

    // A request's identity is read by that request only, one step at a time: no lock.
    private bool claimsMade;

    public CallerClaimsIdentity(CallerIdentity caller, string authenticationType)
        : base(authenticationType, ClaimTypes.NameIdentifier, ClaimTypes.Role)
    {
        Caller = caller;
    }

    public CallerIdentity Caller { get; }

    public override IEnumerable<Claim> Claims
    {
        get
        {
            MakeClaims();
            return base.Claims;
        }
    }

    public override bool HasClaim(string type, string value) => type switch
    {
        ClaimTypes.Role => Caller.IsInRole(value),
        ScopeClaimType => Caller.HasScope(value),
        _ => base.HasClaim(type, value),
    };

    public override ClaimsIdentity Clone()
    {
        MakeClaims();
        return base.Clone();
    }

    public override void WriteTo(BinaryWriter writer)
    {
        MakeClaims();
        base.WriteTo(writer);
    }

    private void MakeClaims()
    {
        if (claimsMade)
        {
            return;
        }

        claimsMade = true;
        AddClaims(
        [
            Make(ClaimTypes.NameIdentifier, Caller.Subject),
            Make(TenantClaimType, Caller.TenantId.ToString("D")),
            Make(MethodClaimType, Caller.Method.ToString()),
            Make(PlanClaimType, Caller.Plan),
            .. Caller.Roles.Select(r => Make(ClaimTypes.Role, r)),
            .. Caller.Scopes.Select(s => Make(ScopeClaimType, s)),
        ]);
    }

    // With this identity as its subject a claim is added as it is; without, AddClaim would copy it.
    private Claim Make(string type, string value) => new(type, value, ClaimValueTypes.String, DefaultIssuer, DefaultIssuer, this);
}
