using System.Net;

namespace App.Gateway.Forwarding;

/// <summary>
/// X-Forwarded-For/Proto/Host/Prefix tell a service who called the gateway and how. The gateway is the public edge, so
/// whatever a client sent in these (or in RFC 7239 Forwarded) is a claim it cannot check: they are replaced, never appended to.
/// </summary>
public static class ForwardedHeaders
{
    public const string For = "X-Forwarded-For";
    public const string Proto = "X-Forwarded-Proto";
    public const string Host = "X-Forwarded-Host";
    public const string Prefix = "X-Forwarded-Prefix";

    public static bool IsForwardingHeader(string name) =>
        name.Equals(For, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Proto, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Host, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Prefix, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase);

    public static void Apply(HttpContext context, HttpRequestMessage request)
    {
        if (context.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.TryAddWithoutValidation(For, ClientAddress(address));
        }

        request.Headers.TryAddWithoutValidation(Proto, context.Request.Scheme);
        if (context.Request.Host.HasValue)
        {
            request.Headers.TryAddWithoutValidation(Host, context.Request.Host.ToUriComponent());
        }

        // As YARP: the path base the gateway itself is mounted under, sent only when there is one.
        if (context.Request.PathBase.HasValue)
        {
            request.Headers.TryAddWithoutValidation(Prefix, context.Request.PathBase.ToUriComponent());
        }
    }

    private static string ClientAddress(IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
