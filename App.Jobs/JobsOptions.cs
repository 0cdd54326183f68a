namespace App.Jobs;

public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    public int DefaultMaxAttempts { get; set; } = 3;

    /// <summary>The wait before the second attempt; each later one doubles it, up to <see cref="BackoffMax"/>.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a SQLite worker looks for jobs without a signal: Api and Worker are separate processes, and the
    /// in-process signal only reaches workers in the enqueuing process. PostgreSQL uses it as a safety poll.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Input blobs of jobs finished longer ago than this are deleted; the job rows stay.</summary>
    public TimeSpan BlobRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Progress and state events of jobs finished longer ago than this are deleted; the job row (status, result, error)
    /// stays, so the job still reads in full and its event stream replays only the final state.
    /// </summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Queued jobs older than this are canceled as abandoned (nobody runs that kind any more).</summary>
    public TimeSpan AbandonQueuedAfter { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows handled per maintenance pass, so one pass never holds the database for long.</summary>
    public int MaintenanceBatchSize { get; set; } = 200;
}
