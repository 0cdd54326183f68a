namespace App.Identity.Audit;

/// <summary>One thing worth a permanent trace: who did what to which target, from where, and how it ended.</summary>
public sealed record AuditRecord(Guid? TenantId, string Actor, string Action, string Target, string Outcome, string? ClientIp = null)
{
    public const string Succeeded = "succeeded";
    public const string Denied = "denied";
    public const string Failed = "failed";
}
