using System.Security.Claims;

namespace App.Rag.Tenancy;

/// <summary>
/// Reads the caller from <see cref="HttpContext.User"/>, which App.Identity's internal-token middleware fills from the
/// gateway-signed token ("tid" and the name identifier); "tenant_id" and "sub" are accepted for plain JWT principals.
/// </summary>
public sealed class ClaimsCallerContext(IHttpContextAccessor accessor) : ICallerContext
{
    private static readonly string[] TenantClaims = ["tid", "tenant_id"];
    private static readonly string[] UserClaims = [ClaimTypes.NameIdentifier, "sub"];

    public bool IsAuthenticated => Tenant is not null && User is not null;

    public Guid TenantId => Tenant ?? throw new InvalidOperationException("The request has no tenant.");

    public string UserId => User ?? throw new InvalidOperationException("The request has no user.");

    private Guid? Tenant =>
        Find(TenantClaims) is { } value && Guid.TryParse(value, out var tenant) && tenant != Guid.Empty ? tenant : null;

    private string? User => Find(UserClaims);

    private string? Find(string[] types) =>
        types.Select(t => accessor.HttpContext?.User.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
