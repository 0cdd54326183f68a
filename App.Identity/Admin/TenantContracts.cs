namespace App.Identity.Admin;

public sealed record NewTenant(string Name, string Plan = Plans.Free);

public sealed record TenantUpdate(string? Name = null, string? Plan = null);

public sealed record TenantSummary(Guid Id, string Name, string Plan, DateTimeOffset CreatedAt);
