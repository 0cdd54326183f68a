using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App.Identity.Internal;

public static class InternalIdentityExtensions
{
    /// <summary>
    /// Services (Api, Rag): the <see cref="InternalIdentityDefaults.AuthenticationScheme"/> scheme, which verifies the
    /// gateway's token. <paramref name="audience"/> overrides <c>Identity:Internal:Audience</c>.
    /// </summary>
    public static AuthenticationBuilder AddInternalIdentity(this AuthenticationBuilder authentication, IConfiguration configuration, string? audience = null)
    {
        authentication.Services.AddInternalIdentityOptions(configuration, audience);
        authentication.Services.TryAddSingleton<InternalTokenVerifier>();
        return authentication.AddScheme<AuthenticationSchemeOptions, InternalIdentityHandler>(
            InternalIdentityDefaults.AuthenticationScheme, displayName: null, configureOptions: null);
    }

    /// <summary>Gateway: sign identities for the services it forwards to.</summary>
    public static IServiceCollection AddInternalIdentityIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddInternalIdentityOptions(configuration, audience: null);
        services.TryAddSingleton<InternalTokenIssuer>();
        return services;
    }

    /// <summary>The authenticated caller (whichever scheme made it a <see cref="CallerClaimsIdentity"/>); null on anonymous requests.</summary>
    public static CallerIdentity? GetCallerIdentity(this HttpContext context) =>
        context.User.Identities.OfType<CallerClaimsIdentity>().FirstOrDefault(i => i.IsAuthenticated)?.Caller;

    private static void AddInternalIdentityOptions(this IServiceCollection services, IConfiguration configuration, string? audience)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InternalIdentityOptions>()
            .Bind(configuration.GetSection(InternalIdentityOptions.Section))
            .Configure(o =>
            {
                o.SigningKey = configuration[InternalIdentityOptions.SigningKeyKey] ?? o.SigningKey;
                o.Audience = audience ?? o.Audience;
            });
    }
}
