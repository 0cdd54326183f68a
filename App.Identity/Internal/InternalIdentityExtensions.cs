using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App.Identity.Internal;

public static class InternalIdentityExtensions
{
    /// <summary>
    /// Services (Api, Rag): verify the gateway's token. <paramref name="audience"/> overrides <c>Identity:Internal:Audience</c>;
    /// <paramref name="anonymousPaths"/> are served without a token, in addition to the probes and any configured ones.
    /// </summary>
    public static IServiceCollection AddInternalIdentity(
        this IServiceCollection services, IConfiguration configuration, string? audience = null, params string[] anonymousPaths)
    {
        services.AddInternalIdentityOptions(configuration, audience);
        services.PostConfigure<InternalIdentityOptions>(o =>
            o.AnonymousPaths.AddRange(anonymousPaths.Except(o.AnonymousPaths, StringComparer.OrdinalIgnoreCase)));
        services.TryAddSingleton<InternalTokenVerifier>();
        return services;
    }

    /// <summary>Gateway: sign identities for the services it forwards to.</summary>
    public static IServiceCollection AddInternalIdentityIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddInternalIdentityOptions(configuration, audience: null);
        services.TryAddSingleton<InternalTokenIssuer>();
        return services;
    }

    /// <summary>Place before the endpoints; <c>/health</c> and <c>/alive</c> stay open for probes.</summary>
    public static IApplicationBuilder UseInternalIdentity(this IApplicationBuilder app) =>
        app.UseMiddleware<InternalIdentityMiddleware>();

    /// <summary>The caller the gateway vouched for; null only on anonymous paths.</summary>
    public static CallerIdentity? GetCallerIdentity(this HttpContext context) => context.Features.Get<CallerIdentity>();

    private static void AddInternalIdentityOptions(this IServiceCollection services, IConfiguration configuration, string? audience)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InternalIdentityOptions>()
            .Bind(configuration.GetSection(InternalIdentityOptions.Section))
            .Configure(o =>
            {
                o.SigningKey = configuration[InternalIdentityOptions.SigningKeyKey] ?? o.SigningKey;
                o.Audience = audience ?? o.Audience;
                if (o.AnonymousPaths.Count == 0)
                {
                    o.AnonymousPaths.AddRange(["/health", "/alive"]);
                }
            });
    }
}
