using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace App.Gateway.Proxy;

/// <summary>
/// The gateway's own answers on a proxied route, as RFC 9457 ProblemDetails like every other error: 413 for a declared
/// body over the route's limit (a chunked body that grows past it is stopped by Kestrel while streaming), and the
/// status YARP chose when forwarding failed (503 no healthy destination, 502 unreachable, 504 timed out), which YARP
/// sends without a body.
/// </summary>
internal sealed class ProxyProblems(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Kestrel enforces the route's limit only while the body streams, after the service has seen the headers.
        if (LimitOf(context) is { } limit && context.Request.ContentLength > limit)
        {
            await context.WriteProblemAsync(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "Request body too large",
                $"The request body exceeds this route's limit of {limit} bytes.");
            return;
        }

        await next(context);

        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || context.Response.HasStarted)
        {
            return;
        }

        var status = context.Response.StatusCode;
        var (code, title, detail) = failure.Error switch
        {
            ForwarderError.NoAvailableDestinations => (ErrorCodes.ServiceUnavailable, "Service unavailable", "No healthy instance of the service is available."),
            ForwarderError.RequestTimedOut => (ErrorCodes.GatewayTimeout, "Gateway timeout", "The service did not answer in time."),
            _ when status == StatusCodes.Status413PayloadTooLarge => (ErrorCodes.PayloadTooLarge, "Request body too large", "The request body exceeds this route's limit."),
            _ when status >= 500 => (ErrorCodes.BadGateway, "Bad gateway", "The service could not be reached or failed while answering."),
            _ => (null, null, null),
        };
        if (code is not null)
        {
            await context.WriteProblemAsync(status, code, title!, detail!);
        }
    }

    /// <summary>The route's own limit (ReverseProxy:Routes:*:MaxRequestBodySize; -1 is none), else the server's.</summary>
    private static long? LimitOf(HttpContext context) =>
        context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize switch
        {
            -1 => null,
            { } routeLimit => routeLimit,
            null => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize,
        };
}
