using App.Identity;
using App.Identity.Admin;
using App.Identity.Internal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Apis;

/// <summary>Tenants: platform admins only (the services answer anyone else with 403).</summary>
public static class AdminApiTenants
{
    public static RouteGroupBuilder MapAdminApiTenants(this RouteGroupBuilder tenants)
    {
        tenants.MapPost("/", CreateAsync)
            .WithName("CreateTenant")
            .WithSummary("Create a tenant on a plan (free or pro).");
        tenants.MapGet("/", ListAsync)
            .WithName("ListTenants")
            .WithSummary("Every tenant.");
        tenants.MapPatch("/{id:guid}", UpdateAsync)
            .WithName("UpdateTenant")
            .WithSummary("Rename a tenant or change its plan; limits follow within a minute.");
        return tenants;
    }

    private static async Task<Created<TenantSummary>> CreateAsync(
        CreateTenantRequest request, HttpContext context, TenantAdminService tenants, CancellationToken cancellationToken)
    {
        var tenant = await tenants.CreateAsync(context.GetCallerIdentity()!, new NewTenant(request.Name ?? "", request.Plan ?? Plans.Free), cancellationToken);
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant.Id}", tenant);
    }

    private static async Task<Ok<IReadOnlyList<TenantSummary>>> ListAsync(
        HttpContext context, TenantAdminService tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tenants.ListAsync(context.GetCallerIdentity()!, cancellationToken));

    private static async Task<Results<Ok<TenantSummary>, NotFound>> UpdateAsync(
        Guid id, UpdateTenantRequest request, HttpContext context, TenantAdminService tenants, CancellationToken cancellationToken) =>
        await tenants.UpdateAsync(context.GetCallerIdentity()!, id, new TenantUpdate(request.Name, request.Plan), cancellationToken) is { } tenant
            ? TypedResults.Ok(tenant)
            : TypedResults.NotFound();
}
