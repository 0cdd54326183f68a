using App.Gateway.Forwarding;
using App.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class ForwardingExtensions
{
    /// <summary>The forwarder, its connection pool and the route handling, configured from the "Gateway" section.</summary>
    public static IHostApplicationBuilder AddGatewayForwarding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);
        builder.Services.AddSingleton(sp => new UpstreamClient(sp.GetRequiredService<IOptions<GatewayOptions>>().Value));
        builder.Services.AddSingleton<HttpForwarder>();
        builder.Services.AddSingleton<ServiceAddresses>();
        builder.Services.AddSingleton<RouteForwarder>();
        return builder;
    }
}
