using App.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Identity.RateLimiting;

/// <summary>Limits per plan and policy: the database first (editable at run time), configuration as the fallback.</summary>
public sealed class PlanLimitSource(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<RateLimitOptions> options)
{
    /// <summary>The limit from memory; false while the stored limits are not loaded (or have expired).</summary>
    public bool TryFindLoaded(string plan, string policy, out (int PermitLimit, int WindowSeconds)? limit)
    {
        if (cache.TryGetValue(typeof(PlanLimitSource), out Dictionary<(string, string), (int, int)>? stored) && stored is not null)
        {
            limit = Resolve(stored, plan, policy);
            return true;
        }

        limit = null;
        return false;
    }

    public async Task<(int PermitLimit, int WindowSeconds)?> FindAsync(string plan, string policy, CancellationToken cancellationToken)
    {
        var limits = await cache.GetOrCreateAsync(typeof(PlanLimitSource), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(options.Value.LimitCacheSeconds);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            var rows = await db.PlanLimits.AsNoTracking().ToListAsync(cancellationToken);
            return rows.ToDictionary(r => (r.Plan, r.Policy), r => (r.PermitLimit, r.WindowSeconds));
        });

        return Resolve(limits!, plan, policy);
    }

    private (int PermitLimit, int WindowSeconds)? Resolve(Dictionary<(string, string), (int, int)> stored, string plan, string policy)
    {
        if (stored.TryGetValue((plan, policy), out var row))
        {
            return row;
        }

        if (options.Value.Policies.TryGetValue(policy, out var configured) && configured.Limits.TryGetValue(plan, out var limit))
        {
            return (limit, configured.WindowSeconds);
        }

        return null;
    }
}
