namespace App.Jobs.Data;

/// <summary>
/// One step of a job's history. <see cref="Sequence"/> is global and increasing, so a follower (server-sent events)
/// resumes with "after sequence N" (Last-Event-ID) without a per-job counter that concurrent writers would race on.
/// </summary>
public sealed class JobEvent
{
    public long Sequence { get; set; }

    public Guid JobId { get; set; }

    public DateTimeOffset At { get; set; }

    public string Type { get; set; } = JobEventTypes.State;

    public int Progress { get; set; }

    public string Status { get; set; } = JobStatus.Queued;
}
