namespace App.Identity.Admin;

/// <summary>A key for a user (<paramref name="UserId"/>) or a service (<paramref name="ServiceName"/>).</summary>
public sealed record NewApiKey(
    string Name,
    IReadOnlyCollection<string> Scopes,
    DateTimeOffset? ExpiresAt = null,
    Guid? UserId = null,
    string? ServiceName = null);

public sealed record ApiKeySummary(
    Guid Id,
    Guid TenantId,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    Guid? UserId,
    string? ServiceName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt);

/// <summary>The only time the whole key exists outside its owner: show it once, it cannot be read back.</summary>
public sealed record CreatedApiKey(ApiKeySummary Key, string Secret);

/// <summary>The admin API's request for a key (POST /api/v1/admin/api-keys).</summary>
/// <param name="Scopes">Some of predictions, documents, admin; predictions and documents when omitted.</param>
/// <param name="TenantId">Another tenant than the caller's (platform admins only).</param>
public sealed record CreateApiKeyRequest(
    string Name,
    IReadOnlyList<string>? Scopes = null,
    DateTimeOffset? ExpiresAt = null,
    Guid? UserId = null,
    string? ServiceName = null,
    Guid? TenantId = null);
