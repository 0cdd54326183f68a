namespace App.Identity.Data;

public sealed class ApiKey
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid? UserId { get; set; }

    public string? ServiceName { get; set; }

    public string Name { get; set; } = "";

    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the whole key; the key itself is never stored.</summary>
    public byte[] Hash { get; set; } = [];

    /// <summary>Space-separated, so one text column works the same on SQLite and PostgreSQL.</summary>
    public string Scopes { get; set; } = "";

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
