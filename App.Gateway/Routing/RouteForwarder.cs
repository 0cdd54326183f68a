using App.Gateway.Forwarding;
using App.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;

namespace App.Gateway.Routing;

/// <summary>Turns a matched route into a forwarded request: finds the service's address and applies the route's body limit.</summary>
public sealed class RouteForwarder(ServiceAddresses addresses, HttpForwarder forwarder, IOptionsMonitor<GatewayOptions> options)
{
    public async Task ForwardAsync(HttpContext context, GatewayRoute route)
    {
        var service = await addresses.ResolveAsync(route.Service, context.RequestAborted);
        if (service is null)
        {
            await context.WriteProblemAsync(503, ErrorCodes.ServiceUnavailable, "Service unavailable",
                $"No address is configured for the '{route.Service}' service.");
            return;
        }

        if (!RequestBodyLimit.TryApply(context, options.CurrentValue.MaxRequestBodyBytes(route.Name)))
        {
            await context.WriteProblemAsync(413, ErrorCodes.PayloadTooLarge, "Request body too large",
                "The request body exceeds the limit for this route.");
            return;
        }

        var destination = DestinationAddress.Combine(service, context.Request.Path, context.Request.QueryString);
        await forwarder.ForwardAsync(context, destination);
    }
}
