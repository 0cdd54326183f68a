using App.Gateway.Proxy;
using Yarp.ReverseProxy.Health;

namespace Microsoft.Extensions.Hosting
{
    public static class GatewayProxyExtensions
    {
        /// <summary>
        /// YARP with its routes and clusters from the <c>ReverseProxy</c> section; destinations such as <c>http://api</c>
        /// resolve through service discovery to every address configured for that service (<c>services:api:http:N</c>),
        /// so replicas are load-balanced and health-checked by YARP itself.
        /// </summary>
        public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
        {
            builder.Services.AddReverseProxy()
                .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
                .AddServiceDiscoveryDestinationResolver()
                .AddTransforms<IdentityTransforms>()
                .AddTransforms<HttpProtocolTransforms>();
            // Passive health: failures count over a 10 s window (YARP: 60 s), which is also how long a replica stays out
            // once taken out, so a restarted replica is back in seconds.
            builder.Services.AddOptions<TransportFailureRateHealthPolicyOptions>().BindConfiguration("Gateway:PassiveHealth");
            return builder;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    public static class GatewayProxyEndpointExtensions
    {
        /// <summary>
        /// Every proxied route, through YARP's standard steps (affinity, load balancing, passive health checks); a
        /// declared body over the route's limit is refused before a destination is picked, and YARP's own failures
        /// (no healthy destination, unreachable, timed out) are answered as ProblemDetails.
        /// </summary>
        public static IEndpointRouteBuilder MapGatewayProxy(this IEndpointRouteBuilder app)
        {
            app.MapReverseProxy(proxy =>
            {
                proxy.UseMiddleware<ProxyProblems>();
                proxy.UseSessionAffinity();
                proxy.UseLoadBalancing();
                proxy.UsePassiveHealthChecks();
            });
            return app;
        }
    }
}
