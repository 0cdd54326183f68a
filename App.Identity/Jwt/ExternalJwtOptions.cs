namespace App.Identity.Jwt;

/// <summary>Bound from <c>Identity:Jwt</c>. Signing keys come from OIDC discovery, from configured keys, or both.</summary>
public sealed class ExternalJwtOptions
{
    public const string Section = "Identity:Jwt";

    /// <summary>Expected <c>iss</c>; when empty and discovery is used, the discovery document's issuer.</summary>
    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>Discovery document URL; <see cref="Authority"/> + <c>/.well-known/openid-configuration</c> when empty.</summary>
    public string? MetadataAddress { get; set; }

    public string? Authority { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Public JWKs (JSON), for issuers without discovery or for pinning.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>Base64 HMAC secret (32+ bytes), for issuers that sign with a shared secret.</summary>
    public string? SymmetricKey { get; set; }

    public string TenantClaim { get; set; } = "tenant_id";

    public string RolesClaim { get; set; } = "roles";

    public string ScopeClaim { get; set; } = "scope";

    public string PlanFallback { get; set; } = Plans.Free;

    public int ClockSkewSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrEmpty(Audience) &&
        (DiscoveryAddress is not null || SigningKeys.Count > 0 || !string.IsNullOrEmpty(SymmetricKey));

    public string? DiscoveryAddress =>
        !string.IsNullOrEmpty(MetadataAddress) ? MetadataAddress
        : !string.IsNullOrEmpty(Authority) ? Authority.TrimEnd('/') + "/.well-known/openid-configuration"
        : null;
}
