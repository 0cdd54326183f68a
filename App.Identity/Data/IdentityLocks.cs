namespace App.Identity.Data;

/// <summary>The identity module's keys for <c>App.Data.DatabaseLocks</c>, one per critical section.</summary>
internal static class IdentityLocks
{
    public const long Audit = 0x4944_0002;
    public const long Bootstrap = 0x4944_0003;
}
