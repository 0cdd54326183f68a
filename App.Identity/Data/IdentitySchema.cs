using App.Data;
using App.Identity.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Data;

/// <summary>Brings the identity tables up to date; safe when several replicas start at once against one database.</summary>
public static class IdentitySchema
{
    public static async Task MigrateAsync(IdentityDbContext db, RateLimitOptions rateLimits, CancellationToken cancellationToken = default)
    {
        await db.MigrateSerializedAsync(IdentityLocks.Schema, cancellationToken);
        await SeedPlanLimitsAsync(db, rateLimits, cancellationToken);
    }

    /// <summary>Inserts configured limits that the database does not have yet; limits edited in the database win.</summary>
    private static async Task SeedPlanLimitsAsync(IdentityDbContext db, RateLimitOptions rateLimits, CancellationToken cancellationToken)
    {
        foreach (var (policy, options) in rateLimits.Policies)
        {
            foreach (var (plan, limit) in options.Limits)
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO plan_limits (plan, policy, permit_limit, window_seconds)
                    VALUES ({plan}, {policy}, {limit}, {options.WindowSeconds})
                    ON CONFLICT (plan, policy) DO NOTHING
                    """,
                    cancellationToken);
            }
        }
    }
}
