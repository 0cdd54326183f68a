namespace App.Identity.Admin;

public sealed record NewUser(string Email, string Role = Roles.Member, string? ExternalSubject = null);

public sealed record UserSummary(Guid Id, Guid TenantId, string Email, string Role, string? ExternalSubject, DateTimeOffset CreatedAt);

/// <summary>The admin API's request for a user (POST /api/v1/admin/users).</summary>
/// <param name="Role">member (default) or admin.</param>
/// <param name="TenantId">Another tenant than the caller's (platform admins only).</param>
public sealed record CreateUserRequest(string Email, string? Role = null, string? ExternalSubject = null, Guid? TenantId = null);
