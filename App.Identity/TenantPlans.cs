using App.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity;

/// <summary>
/// A tenant's current plan, or null for a tenant that does not exist. Cached briefly: a plan change may take a minute
/// to reach every replica; a read per request is not worth it.
/// </summary>
public sealed class TenantPlans(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public async ValueTask<string?> FindAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue((typeof(TenantPlans), tenantId), out string? plan))
        {
            return plan;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        plan = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Plan).SingleOrDefaultAsync(cancellationToken);
        if (plan is not null)
        {
            cache.Set((typeof(TenantPlans), tenantId), plan, Lifetime);
        }

        return plan;
    }
}
