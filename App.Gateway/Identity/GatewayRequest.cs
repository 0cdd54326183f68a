using System.Net;
using App.Gateway.Routing;

namespace App.Gateway.Identity;

/// <summary>What the identity middleware needs to know about a request.</summary>
internal static class GatewayRequest
{
    /// <summary>The route when the request will be forwarded to a service; null for the gateway's own endpoints (health, docs).</summary>
    public static GatewayRoute? ForwardedRoute(this HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GatewayRoute>();

    /// <summary>The client's address as the gateway sees it (the edge: never an X-Forwarded-For a client sent).</summary>
    public static string ClientIp(this HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : IPAddress.None.ToString();

    public static string ClientIpPartition(this HttpContext context) => $"ip:{context.ClientIp()}";
}
