using App.Identity;
using App.Identity.Admin;
using App.Identity.Internal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace App.Api.Apis;

public static class AdminApiKeys
{
    private static readonly string[] DefaultScopes = [ApiKeyScopes.Predictions, ApiKeyScopes.Documents];

    public static RouteGroupBuilder MapAdminApiKeys(this RouteGroupBuilder keys)
    {
        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key; the response is the only time its secret is shown.");
        keys.MapGet("/", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("The tenant's API keys (never their secrets).");
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke one of the tenant's keys; a key of another tenant is 404.");
        return keys;
    }

    private static async Task<Created<CreatedApiKey>> CreateAsync(
        CreateApiKeyRequest request, HttpContext context, ApiKeyAdminService keys, CancellationToken cancellationToken)
    {
        var caller = context.GetCallerIdentity()!;
        var created = await keys.CreateAsync(caller, request.TenantId ?? caller.TenantId,
            new NewApiKey(request.Name ?? "", request.Scopes is { Count: > 0 } scopes ? scopes : DefaultScopes,
                request.ExpiresAt, request.UserId, request.ServiceName),
            cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"{AdminApi.Prefix}/api-keys/{created.Key.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeySummary>>> ListAsync(
        HttpContext context, ApiKeyAdminService keys, [FromQuery] Guid? tenantId, CancellationToken cancellationToken)
    {
        var caller = context.GetCallerIdentity()!;
        return TypedResults.Ok(await keys.ListAsync(caller, tenantId ?? caller.TenantId, cancellationToken));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(
        Guid id, HttpContext context, ApiKeyAdminService keys, [FromQuery] Guid? tenantId, CancellationToken cancellationToken)
    {
        var caller = context.GetCallerIdentity()!;
        return await keys.RevokeAsync(caller, tenantId ?? caller.TenantId, id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound();
    }
}
