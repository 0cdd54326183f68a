using App.Gateway.RateLimiting;

namespace App.Gateway.Authentication;

/// <summary>
/// An IP over its failed-authentication budget is refused from memory, before its credential costs a lookup; the
/// gateway's own endpoints (health probes, docs) stay open to it.
/// </summary>
internal sealed class FailedAuthenticationGuardMiddleware(RequestDelegate next, FailedAuthenticationGuard guard)
{
    public Task InvokeAsync(HttpContext context) =>
        context.IsProxied() && guard.BlockedDecision(context.ClientIp()) is { } blocked
            ? RateLimitHeaders.RefuseAsync(context, blocked, "failed authentications from this address")
            : next(context);
}
