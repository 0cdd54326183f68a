using App.Identity;
using App.Identity.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace App.Gateway.Identity;

/// <summary>
/// What a service receives instead of the client's credentials: a short-lived token, signed by the gateway for that
/// service's audience, naming the authenticated caller. Whatever a client sent in the internal identity header is dropped
/// first, on every request, so only the gateway can vouch for anyone.
/// </summary>
internal sealed class CallerIdentityForwardingMiddleware(
    RequestDelegate next, IOptions<GatewayAuthenticationOptions> options, IServiceProvider services)
{
    // Resolved when the pipeline is built, so a missing signing key stops the gateway at start, not at its first request.
    private readonly InternalTokenIssuer? issuer = options.Value.Enabled ? services.GetRequiredService<InternalTokenIssuer>() : null;

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        headers.Remove(InternalIdentityOptions.HeaderName);
        if (issuer is null || context.ForwardedRoute() is not { } route)
        {
            return next(context);
        }

        // Services trust the internal token alone; the client's own key or token stops at the edge.
        headers.Remove(CallerAuthenticator.ApiKeyHeader);
        headers.Remove(HeaderNames.Authorization);
        if (context.Features.Get<CallerIdentity>() is { } caller)
        {
            headers[InternalIdentityOptions.HeaderName] = issuer.Issue(caller, route.Service);
        }

        return next(context);
    }
}
