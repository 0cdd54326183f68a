using System.Diagnostics;
using System.Net;

namespace App.Gateway.Forwarding;

/// <summary>
/// The gateway's one connection pool to the services behind it. Configured as YARP configures its client: the gateway
/// relays what it receives, so no proxy, no redirects followed, no decompression and no cookie container.
/// </summary>
public sealed class UpstreamClient(GatewayOptions options) : HttpMessageInvoker(CreateHandler(options), disposeHandler: true)
{
    private static SocketsHttpHandler CreateHandler(GatewayOptions options) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = options.ConnectTimeout,
        // Recycled so that replicas added behind a DNS name start receiving traffic.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        // Incoming trace headers are not copied (see RequestHeaders); this writes the gateway's current activity instead,
        // so the service's spans join the client's trace as children of the gateway's span.
        ActivityHeadersPropagator = DistributedContextPropagator.CreateDefaultPropagator(),
    };
}
