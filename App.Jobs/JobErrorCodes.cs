namespace App.Jobs;

/// <summary>Codes the queue itself writes; workers add their own (for example "model_unavailable").</summary>
public static class JobErrorCodes
{
    public const string LeaseExpiredAttemptsExhausted = "lease_expired_attempts_exhausted";
    public const string LeaseExpired = "lease_expired";
    public const string Abandoned = "abandoned_in_queue";
}
