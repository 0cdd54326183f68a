namespace App.Jobs.Data;

/// <summary>The record of truth for one job; the queue changes it only through conditional updates.</summary>
public sealed class Job
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Kind { get; set; } = "";

    public string Status { get; set; } = JobStatus.Queued;

    public int Progress { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; }

    /// <summary>Higher runs first among jobs that are due.</summary>
    public int Priority { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public string Input { get; set; } = "{}";

    public string? Result { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ContentHash { get; set; }

    public Guid? BatchId { get; set; }

    public string? CallbackUrl { get; set; }

    /// <summary>W3C traceparent of the request that enqueued the job: the worker's run joins that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>The input blob, deleted by retention after the job has finished.</summary>
    public string? BlobKey { get; set; }

    public DateTimeOffset? BlobPurgedAt { get; set; }
}
