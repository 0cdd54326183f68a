namespace App.Identity.Admin;

/// <summary>
/// The admin API's answer to GET /api/v1/admin/audit/verify: whether every audit entry still hashes to what it says
/// and links to the one before it.
/// </summary>
public sealed record AuditVerificationResponse(bool Ok, long EntriesChecked, long? FirstBrokenSequence, string? Problem);
