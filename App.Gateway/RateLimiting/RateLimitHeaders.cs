using System.Globalization;
using App.Identity.RateLimiting;
using App.ServiceDefaults.Problems;

namespace App.Gateway.RateLimiting;

/// <summary>
/// <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c>, <c>RateLimit-Reset</c> (seconds) on every limited response, for the
/// decision closest to its limit (per IP or per caller), and <c>Retry-After</c> with a 429.
/// </summary>
internal static class RateLimitHeaders
{
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";

    public static readonly string[] All = [Limit, Remaining, Reset];

    /// <summary>Remembers the decision; the headers are written just before the response starts, over anything a service sent.</summary>
    public static void Record(HttpContext context, RateLimitDecision decision)
    {
        if (decision.Limit == int.MaxValue)
        {
            return;
        }

        var holder = context.Features.Get<Holder>();
        if (holder is null)
        {
            holder = new Holder(decision);
            context.Features.Set(holder);
            context.Response.OnStarting(static state => Write((HttpContext)state), context);
        }
        else if (decision.Remaining < holder.Decision.Remaining)
        {
            holder.Decision = decision;
        }
    }

    public static async Task RefuseAsync(HttpContext context, RateLimitDecision decision, string who)
    {
        Record(context, decision);
        RateLimitTelemetry.Rejections.Add(1, new KeyValuePair<string, object?>("policy", decision.Policy));
        context.Response.Headers.RetryAfter = Seconds(decision.RetryAfterSeconds ?? decision.ResetSeconds);
        await context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests, "Too many requests",
            $"The limit of {decision.Limit} requests per window for '{decision.Policy}' {who} is reached; retry in {decision.ResetSeconds} s.");
    }

    private static Task Write(HttpContext context)
    {
        if (context.Features.Get<Holder>() is { } holder)
        {
            var headers = context.Response.Headers;
            headers[Limit] = Seconds(holder.Decision.Limit);
            headers[Remaining] = Seconds(holder.Decision.Remaining);
            headers[Reset] = Seconds(holder.Decision.ResetSeconds);
        }

        return Task.CompletedTask;
    }

    private static string Seconds(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Holder(RateLimitDecision decision)
    {
        public RateLimitDecision Decision { get; set; } = decision;
    }
}
