using App.Gateway.Authentication;
using App.Gateway.Proxy;
using App.Gateway.RateLimiting;
using App.Identity;
using App.Identity.Authorization;
using App.Identity.Data;
using App.Identity.Internal;
using App.Identity.Jwt;
using App.Identity.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Microsoft.Extensions.Hosting
{
    public static class GatewayAuthenticationExtensions
    {
        /// <summary>
        /// Every credential through ASP.NET Core authentication: API keys (App.Identity, <c>ConnectionStrings:appdb</c>)
        /// and OIDC access tokens (JwtBearer, <c>Identity:Jwt</c>) behind one policy scheme; the platform's authorization
        /// policies, which the routes name; the issuer of internal identity tokens (<c>Identity:InternalSigningKey</c>).
        /// With <c>Gateway:Authentication:Enabled=false</c> none of it is registered and the routes lose their policies.
        /// </summary>
        public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
        {
            builder.Services.AddOptions<GatewayAuthenticationOptions>().BindConfiguration(GatewayAuthenticationOptions.SectionName);
            builder.Services.AddOptions<GatewayRateLimitOptions>().BindConfiguration(GatewayRateLimitOptions.SectionName);
            if (!GatewayAuthentication.IsEnabled(builder.Configuration))
            {
                builder.Services.AddSingleton<IProxyConfigFilter, ForwardOnlyConfigFilter>();
                return builder;
            }

            builder.AddAppIdentity();
            // The api owns and seeds these tables; migrating them here too (without seeding) lets the gateway start first.
            builder.Services.AddMigration<IdentityDbContext>();
            builder.Services.AddInternalIdentityIssuer(builder.Configuration);
            builder.Services.AddSingleton<FailedAuthenticationGuard>();
            builder.Services.AddHttpContextAccessor();
            // The per-caller limiter is the application's; the per-IP one is built where the pipeline uses it (GatewayRateLimits).
            builder.Services.AddRateLimiter(_ => { });
            builder.Services.AddHostedService<RateLimitCounterPurge>();
            builder.Services.AddOptions<RateLimiterOptions>().Configure<IServiceProvider>((options, services) => GatewayRateLimits.PerCaller(options, services));

            builder.Services.AddAuthentication(CallerSchemes.Caller)
                .AddPolicyScheme(CallerSchemes.Caller, "API key or access token", o => o.ForwardDefaultSelector = CallerSchemes.Select)
                .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CallerSchemes.ApiKey, null)
                .AddJwtBearer(CallerSchemes.Bearer, _ => { });
            builder.Services.AddOptions<JwtBearerOptions>(CallerSchemes.Bearer)
                .Configure<IOptions<ExternalJwtOptions>>((bearer, jwt) => ExternalJwtBearer.Configure(bearer, jwt.Value));
            builder.Services.AddAuthorizationBuilder().AddAppPolicies();
            builder.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, AuthenticationFailures>());
            return builder;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>The caller's steps of the gateway's pipeline, in the order Program.cs lists them.</summary>
    public static class GatewayAuthenticationPipelineExtensions
    {
        /// <summary>
        /// Before any credential is looked at: an IP that failed authentication too often is refused outright (429), and
        /// every request counts against its route's rate-limit policy per client IP.
        /// </summary>
        public static IApplicationBuilder UseClientRateLimits(this IApplicationBuilder app)
        {
            if (!GatewayAuthentication.IsEnabled(app))
            {
                return app;
            }

            app.UseMiddleware<FailedAuthenticationGuardMiddleware>();
            return app.UseRateLimiter(GatewayRateLimits.PerClientIp(app.ApplicationServices));
        }

        /// <summary>The route's authorization policy over the caller (401 audited, 403 naming what is missing).</summary>
        public static IApplicationBuilder UseCallerAuthorization(this IApplicationBuilder app) =>
            GatewayAuthentication.IsEnabled(app) ? app.UseAuthentication().UseAuthorization() : app;

        /// <summary>After authentication: the route's policy per API key or user, by the tenant's plan (429).</summary>
        public static IApplicationBuilder UseCallerRateLimits(this IApplicationBuilder app) =>
            GatewayAuthentication.IsEnabled(app) ? app.UseRateLimiter() : app;
    }
}

namespace App.Gateway.Authentication
{
    internal static class GatewayAuthentication
    {
        public static bool IsEnabled(IConfiguration configuration) =>
            configuration.GetValue($"{GatewayAuthenticationOptions.SectionName}:Enabled", true);

        public static bool IsEnabled(IApplicationBuilder app) =>
            app.ApplicationServices.GetRequiredService<IOptions<GatewayAuthenticationOptions>>().Value.Enabled;
    }
}
