using App.Identity;
using App.Identity.RateLimiting;

namespace App.Gateway.Identity;

/// <summary>After authentication: the route policy counted per API key (or per user of a bearer token) under the tenant's plan.</summary>
internal sealed class CallerRateLimitMiddleware(RequestDelegate next, DatabaseRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<CallerIdentity>() is not { } caller
            || limiter.PolicyFor(context.Request.Method, context.Request.Path) is not { } policy)
        {
            await next(context);
            return;
        }

        var decision = await limiter.AcquireAsync(policy, caller.Plan, PartitionOf(caller), context.RequestAborted);
        RateLimitHeaders.Record(context, decision);
        if (!decision.Allowed)
        {
            await RateLimitHeaders.RefuseAsync(context, decision, $"on the '{caller.Plan}' plan");
            return;
        }

        await next(context);
    }

    /// <summary>An API key is its own partition; a bearer token's subject is only unique within its tenant.</summary>
    public static string PartitionOf(CallerIdentity caller) => caller.Method switch
    {
        AuthMethod.ApiKey => $"key:{caller.Subject}",
        _ => $"user:{caller.TenantId:N}:{caller.Subject}",
    };
}
