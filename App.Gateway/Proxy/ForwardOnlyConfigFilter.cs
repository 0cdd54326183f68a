using Yarp.ReverseProxy.Configuration;

namespace App.Gateway.Proxy;

/// <summary>
/// With authentication off (<c>Gateway:Authentication:Enabled=false</c>: forwarding tests, the benchmark's forwarder
/// row) routes keep their paths and limits but lose their authorization and rate-limit policies, whose middleware is
/// then not in the pipeline.
/// </summary>
internal sealed class ForwardOnlyConfigFilter : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
        new(route with { AuthorizationPolicy = null, RateLimiterPolicy = null });
}
