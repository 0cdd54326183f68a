using System.Threading.RateLimiting;
using App.Gateway.Authentication;
using App.Identity;
using App.Identity.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace App.Gateway.RateLimiting;

/// <summary>
/// The two rate limiters of the gateway's pipeline, both ASP.NET Core's, both keyed by the policy a route names
/// (ReverseProxy:Routes:*:RateLimiterPolicy), both counting in the shared store so every gateway replica counts
/// against the same limit: per client IP before authentication (the <see cref="GatewayRateLimitOptions.ClientIpPlan"/>
/// limits), per API key or user after it, by the tenant's plan.
/// </summary>
internal static class GatewayRateLimits
{
    public static RateLimiterOptions PerClientIp(IServiceProvider services)
    {
        var plan = services.GetRequiredService<IOptions<GatewayRateLimitOptions>>().Value.ClientIpPlan;
        return Configure(new RateLimiterOptions(), services, "from this address",
            static (context, policy, plan) => new RateLimitPartitionKey(policy, plan, context.ClientIpPartition()), plan);
    }

    /// <summary>The application's own <see cref="RateLimiterOptions"/>, which YARP also reads to check the policy names routes give.</summary>
    public static RateLimiterOptions PerCaller(RateLimiterOptions options, IServiceProvider services) =>
        Configure(options, services, "for this caller's plan",
            static (context, policy, _) => context.User.Identity is CallerClaimsIdentity { Caller: var caller }
                ? new RateLimitPartitionKey(policy, caller.Plan, PartitionOf(caller))
                : null,
            plan: "");

    /// <summary>An API key is its own partition; a bearer token's subject is only unique within its tenant.</summary>
    public static string PartitionOf(CallerIdentity caller) => caller.Method switch
    {
        AuthMethod.ApiKey => $"key:{caller.Subject}",
        _ => $"user:{caller.TenantId:N}:{caller.Subject}",
    };

    /// <param name="partition">The request's partition under a policy, or null for requests this limiter leaves alone.</param>
    private static RateLimiterOptions Configure(RateLimiterOptions options,
        IServiceProvider services, string who, Func<HttpContext, string, string, RateLimitPartitionKey?> partition, string plan)
    {
        var store = services.GetRequiredService<SharedRateLimiter>();
        var requests = services.GetRequiredService<IHttpContextAccessor>();
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (rejected, _) => rejected.Lease is DecisionLease { Decision: { } decision }
            ? new ValueTask(RateLimitHeaders.RefuseAsync(rejected.HttpContext, decision, who))
            : ValueTask.CompletedTask;

        // Every configured policy, so a route may name any of them.
        foreach (var policy in services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Policies.Keys)
        {
            options.AddPolicy(policy, context => partition(context, policy, plan) is { } key
                ? RateLimitPartition.Get(key, k => new StoreRateLimiter(store, k, requests))
                : RateLimitPartition.GetNoLimiter(new RateLimitPartitionKey(policy, "", "")));
        }

        return options;
    }
}
