namespace App.Identity.Data;

public sealed class AuditEntry
{
    /// <summary>Position in the hash chain; assigned under the append lock, so it has no gaps and never forks.</summary>
    public long Sequence { get; set; }

    public Guid? TenantId { get; set; }

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    public string? ClientIp { get; set; }

    public string Outcome { get; set; } = "";

    public byte[] PreviousHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];
}
