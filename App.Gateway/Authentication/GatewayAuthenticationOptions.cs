namespace App.Gateway.Authentication;

/// <summary>Bound from <c>Gateway:Authentication</c>. Which routes are anonymous is the route table's business (ReverseProxy:Routes).</summary>
public sealed class GatewayAuthenticationOptions
{
    public const string SectionName = "Gateway:Authentication";

    /// <summary>
    /// Off only for tests of the forwarding alone (fake backends, no database) and the benchmark's forwarder row: no
    /// authentication, no rate limits, no internal identity. A client's copy of the internal identity header is
    /// dropped either way.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The realm named in <c>WWW-Authenticate</c>.</summary>
    public string Realm { get; set; } = "app";
}

/// <summary>Bound from <c>Gateway:RateLimits</c>; the limits themselves are App.Identity's (<c>Identity:RateLimits</c>).</summary>
public sealed class GatewayRateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    /// <summary>
    /// The plan whose limits apply per client IP address, before authentication: every route policy needs a limit for it
    /// under <c>Identity:RateLimits:Policies:&lt;policy&gt;:Limits:&lt;plan&gt;</c> (or a <c>plan_limits</c> row), else IPs are not limited.
    /// </summary>
    public string ClientIpPlan { get; set; } = "ip";

    /// <summary>The policy counting failed authentications per client IP; once over its limit, that IP gets 429 before any check.</summary>
    public string FailedAuthenticationPolicy { get; set; } = "auth_failures";
}
