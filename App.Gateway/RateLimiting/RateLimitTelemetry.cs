using System.Diagnostics.Metrics;

namespace App.Gateway.RateLimiting;

/// <summary>Meter "App.Gateway" (exported through the service defaults' "App.*" wildcard).</summary>
internal static class RateLimitTelemetry
{
    private static readonly Meter Meter = new("App.Gateway");

    public static readonly Counter<long> Rejections = Meter.CreateCounter<long>(
        "app.gateway.rate_limit.rejections", "{request}", "Requests refused with 429, by rate-limit policy.");
}
