using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace App.Gateway.Proxy;

/// <summary>What HTTP asks of an intermediary and YARP leaves to the application.</summary>
internal sealed class HttpProtocolTransforms : ITransformProvider
{
    /// <summary>The limit of the routes that carry small JSON bodies (appsettings.json), sent at once.</summary>
    private const long SmallBodyLimit = 1024 * 1024;

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        // RFC 9110 7.6.1: the fields a Connection header names are for this hop only. YARP drops the standard hop-by-hop
        // fields but forwards the ones a sender names, in both directions (its choice, not the RFC's).
        context.AddRequestTransform(static transform =>
        {
            if (transform.HttpContext.Request.Headers.Connection is { Count: > 0 } connection)
            {
                foreach (var name in Listed(connection))
                {
                    transform.ProxyRequest.Headers.Remove(name);
                    transform.ProxyRequest.Content?.Headers.Remove(name);
                }
            }

            return ValueTask.CompletedTask;
        });
        context.AddResponseTransform(static transform =>
        {
            if (transform.ProxyResponse?.Headers.Connection is { Count: > 0 } connection)
            {
                foreach (var name in connection)
                {
                    transform.HttpContext.Response.Headers.Remove(name);
                }
            }

            return ValueTask.CompletedTask;
        });

        // On upload routes (a body limit above the 1 MiB of the other routes, or none) the proxied request asks
        // Expect: 100-continue. A service that refuses an upload outright (its own 413, a 401 or 415) then answers before
        // the body is sent, and that answer reaches the client. Without it the service closes the connection while the
        // proxy is still sending the body, the proxy never reads the answer and the client gets a 502 (dotnet/yarp#1501).
        // An accepted upload costs one round trip to the service, which sends 100 Continue when it starts reading.
        if (context.Route.MaxRequestBodySize is > SmallBodyLimit or -1)
        {
            context.AddRequestTransform(static transform =>
            {
                if (transform.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
                {
                    transform.ProxyRequest.Headers.ExpectContinue = true;
                }

                return ValueTask.CompletedTask;
            });
        }
    }

    /// <summary>The field names in Connection values ("keep-alive, X-Foo"), without the connection options YARP handles.</summary>
    private static IEnumerable<string> Listed(StringValues connection)
    {
        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Upgrade is how YARP recognises a WebSocket request; close and keep-alive are options, not fields.
                if (!token.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("close", StringComparison.OrdinalIgnoreCase))
                {
                    yield return token;
                }
            }
        }
    }
}
