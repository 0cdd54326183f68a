using App.Jobs.Data;

namespace App.Jobs.Signals;

/// <summary>
/// SQLite has no notifications: this wakes workers in the enqueuing process only; workers in other processes find
/// jobs by polling (<see cref="JobsOptions.PollInterval"/>). Signalling before commit is harmless on SQLite: the
/// woken worker's claim waits on the writer lock until the enqueuing transaction has committed.
/// </summary>
public sealed class InProcessJobSignal : JobSignal
{
    public override Task PublishAsync(JobsDbContext db, string kind, CancellationToken cancellationToken)
    {
        Signal();
        return Task.CompletedTask;
    }
}
