using System.Net;
using Yarp.ReverseProxy.Model;

namespace App.Gateway.Authentication;

/// <summary>Who is at the other end of the connection.</summary>
internal static class GatewayRequest
{
    /// <summary>Whether the request matched a proxied route (not one of the gateway's own endpoints: health, docs).</summary>
    public static bool IsProxied(this HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is not null;

    /// <summary>The client's address as the gateway sees it (the edge: never an X-Forwarded-For a client sent).</summary>
    public static string ClientIp(this HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : IPAddress.None.ToString();

    public static string ClientIpPartition(this HttpContext context) => $"ip:{context.ClientIp()}";
}
