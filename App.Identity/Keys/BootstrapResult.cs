namespace App.Identity.Keys;

/// <summary>
/// <see cref="GeneratedKey"/> is set only when this call generated the admin key: print it once, it is not stored.
/// <see cref="KeyId"/> is null when an admin key already existed and nothing was created.
/// </summary>
public sealed record BootstrapResult(Guid TenantId, Guid? KeyId, string? GeneratedKey);
