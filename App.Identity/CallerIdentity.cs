namespace App.Identity;

/// <summary>
/// Who is calling, after authentication. Subject is the API key id for <see cref="AuthMethod.ApiKey"/>
/// and the issuer's subject claim for <see cref="AuthMethod.Jwt"/>; the internal token carries it unchanged.
/// </summary>
public sealed record CallerIdentity(
    Guid TenantId,
    string Subject,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Scopes,
    AuthMethod Method,
    string Plan)
{
    public bool HasScope(string scope) => Scopes.Contains(scope);

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Admins of the default tenant run the platform: they may manage every tenant.</summary>
    public bool IsPlatformAdmin => TenantId == Data.Tenant.DefaultId && HasScope(ApiKeyScopes.Admin);
}
