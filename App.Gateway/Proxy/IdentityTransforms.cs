using App.Gateway.Authentication;
using App.Identity;
using App.Identity.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace App.Gateway.Proxy;

/// <summary>
/// What a service receives instead of the client's credentials: a short-lived token, signed by the gateway for that
/// service (the route's cluster is its audience), naming the authenticated caller. Whatever a client sent in the
/// internal identity header is dropped first, on every route, so only the gateway can vouch for anyone; the client's
/// own key or token stops at the edge.
/// </summary>
internal sealed class IdentityTransforms(IOptions<GatewayAuthenticationOptions> options, IServiceProvider services) : ITransformProvider
{
    // Resolved when routes are built, so a missing signing key stops the gateway at start, not at its first request.
    private readonly InternalTokenIssuer? issuer = options.Value.Enabled ? services.GetRequiredService<InternalTokenIssuer>() : null;

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove(InternalIdentityOptions.HeaderName);
        if (issuer is null)
        {
            return;
        }

        var audience = context.Route.ClusterId ?? "";
        context.AddRequestHeaderRemove(CallerSchemes.ApiKeyHeader);
        context.AddRequestHeaderRemove(HeaderNames.Authorization);
        context.AddRequestTransform(transform =>
        {
            if (transform.HttpContext.User.Identity is CallerClaimsIdentity { Caller: var caller })
            {
                transform.ProxyRequest.Headers.TryAddWithoutValidation(InternalIdentityOptions.HeaderName, issuer.Issue(caller, audience));
            }

            return ValueTask.CompletedTask;
        });
    }
}
