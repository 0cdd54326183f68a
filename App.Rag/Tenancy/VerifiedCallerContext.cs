using App.Identity.Internal;

namespace App.Rag.Tenancy;

/// <summary>
/// The caller the gateway vouched for: App.Identity's internal-token authentication scheme verifies the gateway-signed
/// token and makes its <see cref="App.Identity.CallerIdentity"/> the request's user; nothing a client sends is read here. The user is
/// the caller's subject (the API key id, or the token issuer's subject).
/// </summary>
public sealed class VerifiedCallerContext(IHttpContextAccessor accessor) : ICallerContext
{
    public bool IsAuthenticated => Caller is { } caller && caller.TenantId != Guid.Empty && !string.IsNullOrEmpty(caller.Subject);

    public Guid TenantId => IsAuthenticated ? Caller!.TenantId : throw new InvalidOperationException("The request has no tenant.");

    public string UserId => IsAuthenticated ? Caller!.Subject : throw new InvalidOperationException("The request has no user.");

    private App.Identity.CallerIdentity? Caller => accessor.HttpContext?.GetCallerIdentity();
}
