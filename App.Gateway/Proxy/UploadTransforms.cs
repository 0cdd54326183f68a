using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace App.Gateway.Proxy;

/// <summary>
/// On upload routes (a body limit above the 1 MiB of the other routes, or none), the proxied request asks <c>Expect: 100-continue</c>: a
/// service that refuses an upload outright (its own 413, a 401 or 415) answers before the body is sent, and that answer
/// reaches the client. Without it the service closes the connection while the proxy is still sending the body, the
/// proxy never reads the answer and the client gets a 502 (dotnet/yarp#1501). An accepted upload costs one round trip
/// to the service, which sends 100 Continue as soon as it starts reading.
/// </summary>
internal sealed class UploadTransforms : ITransformProvider
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
        if (context.Route.MaxRequestBodySize is not (> SmallBodyLimit or -1))
        {
            return;
        }

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
