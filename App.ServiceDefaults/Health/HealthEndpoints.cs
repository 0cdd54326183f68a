using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.ServiceDefaults.Health;

public static class HealthEndpoints
{
    /// <summary>Checks tagged live run on /alive: they say whether the process works, not whether its dependencies do.</summary>
    public const string LiveTag = "live";

    public const string ReadinessPath = "/health";
    public const string LivenessPath = "/alive";

    /// <summary>Anonymous: orchestrators probe without credentials, even where a fallback policy protects everything else.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { ResponseWriter = WriteJsonAsync })
            .DisableHttpMetrics()
            .AllowAnonymous();
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteJsonAsync,
        }).DisableHttpMetrics().AllowAnonymous();
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        var body = new HealthResponse(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(
                e => e.Key,
                e => new HealthEntry(
                    e.Value.Status.ToString(),
                    e.Value.Description,
                    e.Value.Duration.TotalMilliseconds,
                    e.Value.Data.Count == 0 ? null : e.Value.Data)));
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJson.Options, context.RequestAborted);
    }
}

public sealed record HealthResponse(string Status, double DurationMs, IReadOnlyDictionary<string, HealthEntry> Checks);

public sealed record HealthEntry(string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object>? Data);

internal static class HealthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
