using App.Identity;
using App.Identity.Data;

namespace Microsoft.AspNetCore.Builder;

public static class ApiIdentityInitialization
{
    public const string GeneratedKeyLine = "Admin API key (shown once): ";

    /// <summary>
    /// The seed step of the identity migration: plan limits, the default tenant and an admin key
    /// (<c>APP_BOOTSTRAP_ADMIN_KEY</c> when set); a key generated here is printed once, as it is stored only as a hash.
    /// </summary>
    public static async Task SeedAsync(IdentityDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var configuredKey = services.GetRequiredService<IConfiguration>()[IdentityInitialization.BootstrapKeyVariable];
        var boot = await IdentityInitialization.SeedAsync(db, services, configuredKey, cancellationToken);
        if (boot.GeneratedKey is { } key)
        {
            // Straight to the console, not the structured log: a log pipeline is the last place a secret should go.
            await Console.Out.WriteLineAsync(GeneratedKeyLine + key);
        }
    }
}
