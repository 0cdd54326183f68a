using App.Identity.Data;
using App.Identity.Jwt;
using App.Identity.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace App.Identity;

/// <summary>
/// The gateway's entry point: an API key (<c>X-Api-Key</c> or <c>Authorization: Bearer sk_...</c>) or an external
/// OIDC bearer token, turned into one <see cref="CallerIdentity"/> with the tenant's current plan.
/// </summary>
public sealed class CallerAuthenticator(ApiKeyAuthenticator apiKeys, ExternalTokenValidator tokens, IdentityDbContext db, IMemoryCache cache)
{
    public const string ApiKeyHeader = "X-Api-Key";
    private static readonly TimeSpan PlanCacheLifetime = TimeSpan.FromSeconds(60);

    public async Task<AuthenticationResult> AuthenticateAsync(
        string? authorizationHeader, string? apiKeyHeader, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(apiKeyHeader))
        {
            return await apiKeys.AuthenticateAsync(apiKeyHeader, cancellationToken);
        }

        const string bearer = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Fail("no credentials");
        }

        var credential = authorizationHeader[bearer.Length..].Trim();
        if (credential.StartsWith(ApiKeyFormat.Marker, StringComparison.Ordinal))
        {
            return await apiKeys.AuthenticateAsync(credential, cancellationToken);
        }

        var result = await tokens.ValidateAsync(credential, cancellationToken);
        if (result.Identity is not { } caller)
        {
            return result;
        }

        var plan = await TenantPlanAsync(caller.TenantId, cancellationToken);
        return plan is null
            ? AuthenticationResult.Fail("token names an unknown tenant")
            : AuthenticationResult.Success(caller with { Plan = plan });
    }

    /// <summary>Cached briefly: a plan change may take a minute to reach every replica, a read per request is not worth it.</summary>
    private async Task<string?> TenantPlanAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync((typeof(CallerAuthenticator), tenantId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = PlanCacheLifetime;
            return await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Plan).SingleOrDefaultAsync(cancellationToken);
        });
}
