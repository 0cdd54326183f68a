using App.Identity.Data;
using App.Identity.Keys;
using App.Identity.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Identity;

public static class IdentityInitialization
{
    public const string BootstrapKeyVariable = "APP_BOOTSTRAP_ADMIN_KEY";

    /// <summary>
    /// Call once at start-up, before serving: migrates the identity tables (safe with concurrent replicas), seeds plan
    /// limits and makes sure an admin key exists. When the result carries <see cref="BootstrapResult.GeneratedKey"/>,
    /// print it once: it is stored only as a hash.
    /// </summary>
    public static async Task<BootstrapResult> InitializeIdentityAsync(
        this IServiceProvider services, string? bootstrapAdminKey, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await IdentitySchema.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<IOptions<RateLimitOptions>>().Value, cancellationToken);
        var bootstrapper = scope.ServiceProvider.GetRequiredService<IdentityBootstrapper>();
        return await bootstrapper.EnsureBootstrapAdminKeyAsync(string.IsNullOrWhiteSpace(bootstrapAdminKey) ? null : bootstrapAdminKey, cancellationToken);
    }
}
