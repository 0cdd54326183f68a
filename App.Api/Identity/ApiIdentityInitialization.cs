using App.Identity;

namespace Microsoft.AspNetCore.Builder;

public static class ApiIdentityInitialization
{
    public const string GeneratedKeyLine = "Admin API key (shown once): ";

    /// <summary>
    /// Before serving: migrates the identity tables, makes sure the default tenant and an admin key exist
    /// (<c>APP_BOOTSTRAP_ADMIN_KEY</c> when set), and prints a key generated here once; it is stored only as a hash.
    /// </summary>
    public static async Task InitializeApiIdentityAsync(this WebApplication app)
    {
        var boot = await app.Services.InitializeIdentityAsync(app.Configuration[IdentityInitialization.BootstrapKeyVariable]);
        if (boot.GeneratedKey is { } key)
        {
            // Straight to the console, not the structured log: a log pipeline is the last place a secret should go.
            await Console.Out.WriteLineAsync(GeneratedKeyLine + key);
        }
    }
}
