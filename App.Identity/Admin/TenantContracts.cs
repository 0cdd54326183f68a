namespace App.Identity.Admin;

public sealed record NewTenant(string Name, string Plan = Plans.Free);

public sealed record TenantUpdate(string? Name = null, string? Plan = null);

public sealed record TenantSummary(Guid Id, string Name, string Plan, DateTimeOffset CreatedAt);

/// <summary>The admin API's request for a tenant (POST /api/v1/admin/tenants).</summary>
/// <param name="Plan">free (default) or pro.</param>
public sealed record CreateTenantRequest(string Name, string? Plan = null);

/// <summary>The admin API's change of a tenant (PATCH /api/v1/admin/tenants/{id}): what is null stays.</summary>
public sealed record UpdateTenantRequest(string? Name = null, string? Plan = null);
