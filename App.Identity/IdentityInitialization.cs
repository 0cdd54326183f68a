using App.Identity.Data;
using App.Identity.Keys;
using App.Identity.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Identity;

public static class IdentityInitialization
{
    public const string BootstrapKeyVariable = "APP_BOOTSTRAP_ADMIN_KEY";

    /// <summary>
    /// The seed step of the identity migration (<c>AddMigration&lt;IdentityDbContext&gt;</c>): plan limits from configuration
    /// that the database lacks, then the default tenant and an admin key (<paramref name="bootstrapAdminKey"/> when set).
    /// Safe with concurrent replicas. When the result carries <see cref="BootstrapResult.GeneratedKey"/>, print it once:
    /// it is stored only as a hash.
    /// </summary>
    public static async Task<BootstrapResult> SeedAsync(
        IdentityDbContext db, IServiceProvider services, string? bootstrapAdminKey, CancellationToken cancellationToken)
    {
        await SeedPlanLimitsAsync(db, services.GetRequiredService<IOptions<RateLimitOptions>>().Value, cancellationToken);
        var bootstrapper = services.GetRequiredService<IdentityBootstrapper>();
        return await bootstrapper.EnsureBootstrapAdminKeyAsync(
            string.IsNullOrWhiteSpace(bootstrapAdminKey) ? null : bootstrapAdminKey, cancellationToken);
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
