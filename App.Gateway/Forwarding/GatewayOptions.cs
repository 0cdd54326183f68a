namespace App.Gateway.Forwarding;

/// <summary>The gateway's own settings, bound from the "Gateway" section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// How long a forwarded exchange may stay idle (no headers, no body bytes either way) before the gateway gives up.
    /// It is reset on every read and write, so a long upload or event stream that keeps moving is never cut.
    /// </summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long opening a connection to a service may take before the request fails with 502.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-route settings keyed by route name ("api", "rag", "docs").</summary>
    public Dictionary<string, RouteOptions> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public long MaxRequestBodyBytes(string route) =>
        Routes.TryGetValue(route, out var options) && options.MaxRequestBodyBytes is { } limit
            ? limit
            : RouteOptions.DefaultMaxRequestBodyBytes;
}

public sealed class RouteOptions
{
    public const long DefaultMaxRequestBodyBytes = 64L * 1024 * 1024;

    public long? MaxRequestBodyBytes { get; set; }
}
