namespace App.Identity.Audit;

/// <summary>The result of walking the chain; <see cref="FirstBrokenSequence"/> is the first entry that does not verify.</summary>
public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    public static AuditVerification Intact(long checkedCount) => new(true, checkedCount, null, null);

    public static AuditVerification Broken(long checkedCount, long sequence, string problem) => new(false, checkedCount, sequence, problem);
}
