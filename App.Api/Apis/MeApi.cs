using App.Identity.Internal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Apis;

/// <summary>The caller as the platform sees it, after the gateway authenticated it.</summary>
public sealed record MeResponse(
    Guid TenantId, string Subject, string Method, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, string Plan);

/// <summary>
/// <c>GET /api/v1/me</c>: who am I. Any authenticated caller (the fallback policy), no database access, so it is also
/// the cheapest authenticated round trip through the gateway (its benchmark uses it).
/// </summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me", Get)
            .WithTags("Identity")
            .WithName("GetMe")
            .WithSummary("The authenticated caller: tenant, subject, authentication method, roles, scopes and plan.")
            .RequireAuthorization();
        return app;
    }

    private static Ok<MeResponse> Get(HttpContext context)
    {
        var caller = context.GetCallerIdentity()!;
        return TypedResults.Ok(new MeResponse(
            caller.TenantId,
            caller.Subject,
            caller.Method.ToString(),
            caller.Roles.Order(StringComparer.Ordinal).ToList(),
            caller.Scopes.Order(StringComparer.Ordinal).ToList(),
            caller.Plan));
    }
}
