using App.Identity;
using App.Identity.Internal;

namespace Microsoft.Extensions.Hosting
{
    public static class ApiIdentityExtensions
    {
        /// <summary>The audience the gateway signs this service's internal tokens for.</summary>
        public const string Audience = "api";

        /// <summary>
        /// Served without an internal token: the probes, this service's OpenAPI document (the gateway's docs UI reads it) and
        /// the info endpoint the gateway lists as anonymous. Everything else needs the gateway's token (401 otherwise).
        /// </summary>
        public static readonly IReadOnlyList<string> AnonymousPaths = ["/health", "/alive", "/openapi", "/api/v1/info"];

        /// <summary>
        /// App.Identity's tables and services (keys, tenants, users, audit: <c>ConnectionStrings:appdb</c>) and the check of
        /// the gateway's internal token (<c>Identity:InternalSigningKey</c>, audience <c>api</c>).
        /// </summary>
        public static IHostApplicationBuilder AddApiIdentity(this IHostApplicationBuilder builder)
        {
            builder.Services.AddAppIdentity(builder.Configuration);
            builder.Services.AddInternalIdentity(builder.Configuration, audience: Audience);
            builder.Services.PostConfigure<InternalIdentityOptions>(options =>
                options.AnonymousPaths.AddRange(AnonymousPaths.Except(options.AnonymousPaths, StringComparer.OrdinalIgnoreCase)));
            return builder;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
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
}
