using App.Gateway.Identity;
using App.Identity;
using App.Identity.Data;
using App.Identity.Internal;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting
{
    public static class GatewayIdentityExtensions
    {
        /// <summary>
        /// App.Identity for the edge: API keys, bearer tokens, shared rate-limit counters and the audit log
        /// (<c>ConnectionStrings:appdb</c>), and the issuer of internal identity tokens (<c>Identity:InternalSigningKey</c>).
        /// With <c>Gateway:Authentication:Enabled=false</c> none of it is registered and the gateway only forwards.
        /// </summary>
        public static IHostApplicationBuilder AddGatewayIdentity(this IHostApplicationBuilder builder)
        {
            builder.Services.AddOptions<GatewayAuthenticationOptions>().BindConfiguration(GatewayAuthenticationOptions.SectionName);
            builder.Services.AddOptions<GatewayRateLimitOptions>().BindConfiguration(GatewayRateLimitOptions.SectionName);
            if (!builder.Configuration.GetValue($"{GatewayAuthenticationOptions.SectionName}:Enabled", true))
            {
                return builder;
            }

            builder.AddAppIdentity();
            // The api owns and seeds these tables; migrating them here too (without seeding) lets the gateway start first.
            builder.Services.AddMigration<IdentityDbContext>();
            builder.Services.AddInternalIdentityIssuer(builder.Configuration);
            builder.Services.AddSingleton<FailedAuthenticationGuard>();
            return builder;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>The identity steps of the gateway's pipeline, in the order Program.cs lists them.</summary>
    public static class GatewayIdentityPipelineExtensions
    {
        /// <summary>Per client IP, before any credential is looked at: the brute-force guard and the route's IP limit (429).</summary>
        public static IApplicationBuilder UseClientRateLimits(this IApplicationBuilder app) =>
            Enabled(app) ? app.UseMiddleware<ClientIpRateLimitMiddleware>() : app;

        /// <summary>API key or bearer token for every forwarded request outside the anonymous list (401 otherwise).</summary>
        public static IApplicationBuilder UseGatewayAuthentication(this IApplicationBuilder app) =>
            Enabled(app) ? app.UseMiddleware<GatewayAuthenticationMiddleware>() : app;

        /// <summary>Per API key or user, by the tenant's plan (429).</summary>
        public static IApplicationBuilder UseCallerRateLimits(this IApplicationBuilder app) =>
            Enabled(app) ? app.UseMiddleware<CallerRateLimitMiddleware>() : app;

        /// <summary>Drops a client's internal identity header, always; then signs the caller for the target service.</summary>
        public static IApplicationBuilder UseCallerIdentityForwarding(this IApplicationBuilder app) =>
            app.UseMiddleware<CallerIdentityForwardingMiddleware>();

        private static bool Enabled(IApplicationBuilder app) =>
            app.ApplicationServices.GetRequiredService<IOptions<GatewayAuthenticationOptions>>().Value.Enabled;
    }
}
