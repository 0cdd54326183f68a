namespace App.Identity.Admin;

public sealed record NewUser(string Email, string Role = Roles.Member, string? ExternalSubject = null);

public sealed record UserSummary(Guid Id, Guid TenantId, string Email, string Role, string? ExternalSubject, DateTimeOffset CreatedAt);
