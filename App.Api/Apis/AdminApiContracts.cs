namespace App.Api.Apis;

/// <param name="Scopes">Some of predictions, documents, admin; predictions and documents when omitted.</param>
/// <param name="TenantId">Another tenant than the caller's (platform admins only).</param>
public sealed record CreateApiKeyRequest(
    string Name,
    IReadOnlyList<string>? Scopes = null,
    DateTimeOffset? ExpiresAt = null,
    Guid? UserId = null,
    string? ServiceName = null,
    Guid? TenantId = null);

/// <param name="Plan">free (default) or pro.</param>
public sealed record CreateTenantRequest(string Name, string? Plan = null);

public sealed record UpdateTenantRequest(string? Name = null, string? Plan = null);

/// <param name="Role">member (default) or admin.</param>
/// <param name="TenantId">Another tenant than the caller's (platform admins only).</param>
public sealed record CreateUserRequest(string Email, string? Role = null, string? ExternalSubject = null, Guid? TenantId = null);

/// <summary>Whether every audit entry still hashes to what it says and links to the one before it.</summary>
public sealed record AuditVerificationResponse(bool Ok, long EntriesChecked, long? FirstBrokenSequence, string? Problem);
