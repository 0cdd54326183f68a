using App.Gateway.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class ForwardedRoutesExtensions
{
    /// <summary>
    /// Maps every route of <see cref="GatewayRoutes.Forwarded"/>, for every HTTP method. The route rides along as endpoint
    /// metadata, so middleware knows a request will be forwarded, and to which service, before it is.
    /// </summary>
    public static IEndpointRouteBuilder MapForwardedRoutes(this IEndpointRouteBuilder app)
    {
        foreach (var route in GatewayRoutes.Forwarded)
        {
            app.Map(route.Pattern, context => context.RequestServices.GetRequiredService<RouteForwarder>().ForwardAsync(context, route))
                .WithDisplayName($"Forward {route.Pattern} to {route.Service}")
                .WithMetadata(route);
        }

        return app;
    }
}
