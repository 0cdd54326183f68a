namespace App.Jobs;

public enum FailOutcome
{
    /// <summary>Queued again after a backoff; attempts remain.</summary>
    Requeued,

    /// <summary>Final: not retryable, or the last attempt.</summary>
    Failed,

    /// <summary>The worker no longer holds the job (lease lost, canceled, or already finished); nothing changed.</summary>
    NotOwner,
}
