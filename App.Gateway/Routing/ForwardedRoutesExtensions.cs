using App.Gateway.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class ForwardedRoutesExtensions
{
    /// <summary>Maps every route of <see cref="GatewayRoutes.Forwarded"/>, for every HTTP method.</summary>
    public static IEndpointRouteBuilder MapForwardedRoutes(this IEndpointRouteBuilder app)
    {
        foreach (var route in GatewayRoutes.Forwarded)
        {
            app.Map(route.Pattern, context => context.RequestServices.GetRequiredService<RouteForwarder>().ForwardAsync(context, route))
                .WithDisplayName($"Forward {route.Pattern} to {route.Service}");
        }

        return app;
    }
}
