using App.Jobs.Data;

namespace App.Jobs.Signals;

/// <summary>
/// Wakes idle workers when a job is enqueued, so they need not poll the database tightly; and wakes the followers of a
/// job's events (the Api's event stream) when new events of that job commit. A signal is only a hint: a woken worker
/// claims, a woken follower reads, and both look anyway when their timeout passes, so a lost signal delays, never loses.
/// </summary>
public abstract class JobSignal : IAsyncDisposable
{
    private readonly Lock _watchesLock = new();
    private readonly Dictionary<Guid, List<JobWatch>> _watches = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;

    /// <summary>
    /// Raised (SQLite only) after this process committed new events of a job, with its id: the database cannot tell other
    /// processes, so the Worker forwards it to the Api. Handlers must return at once.
    /// </summary>
    public event Action<Guid>? JobChangeCommitted;

    /// <summary>Called by the queue inside the enqueuing transaction.</summary>
    public abstract Task PublishAsync(JobsDbContext db, string kind, CancellationToken cancellationToken);

    /// <summary>
    /// Called once jobs enqueued have committed: by the queue after a transaction of its own, by <see cref="WorkerNudge"/>
    /// after the caller's. Only a signal that cannot ride on the transaction (Redis) says anything here. Never throws.
    /// </summary>
    public virtual Task PublishEnqueuedAsync() => Task.CompletedTask;

    /// <summary>
    /// Called by the queue after it committed new events of a job: wakes this process's watchers of the job and tells
    /// the other processes (SQLite: <see cref="JobChangeCommitted"/>; PostgreSQL: NOTIFY; Redis: a publish).
    /// </summary>
    public virtual Task PublishJobChangedAsync(JobsDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        NotifyJobChanged(jobId);
        JobChangeCommitted?.Invoke(jobId);
        return Task.CompletedTask;
    }

    /// <summary>Follows changes to one job's events in this process until disposed.</summary>
    public JobWatch WatchJob(Guid jobId)
    {
        var watch = new JobWatch(jobId, Unwatch);
        lock (_watchesLock)
        {
            if (!_watches.TryGetValue(jobId, out var list))
            {
                _watches[jobId] = list = [];
            }

            list.Add(watch);
        }

        return watch;
    }

    /// <summary>Wakes this process's watchers of the job: new events of it were committed, here or in another process.</summary>
    public void NotifyJobChanged(Guid jobId)
    {
        JobWatch[] watches;
        lock (_watchesLock)
        {
            if (!_watches.TryGetValue(jobId, out var list))
            {
                return;
            }

            watches = [.. list];
        }

        foreach (var watch in watches)
        {
            watch.Changed();
        }
    }

    /// <summary>Wakes every watcher of every job, for when changes may have gone unnoticed (a listener reconnected).</summary>
    protected void NotifyAllJobsChanged()
    {
        JobWatch[] watches;
        lock (_watchesLock)
        {
            watches = [.. _watches.Values.SelectMany(l => l)];
        }

        foreach (var watch in watches)
        {
            watch.Changed();
        }
    }

    /// <summary>Prepares to receive signals (PostgreSQL: LISTEN on a dedicated connection); WaitAsync does it on first use.</summary>
    public virtual Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>True when signalled (a job may be waiting), false when the timeout passed without a signal.</returns>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Read the awaited task before the latch: a signal between the two is then seen by one or the other.
        var next = Volatile.Read(ref _next).Task;
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            return true;
        }

        try
        {
            await StartAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            await next.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return false;
        }

        Interlocked.Exchange(ref _pending, 0);
        return true;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private void Unwatch(JobWatch watch)
    {
        lock (_watchesLock)
        {
            if (_watches.TryGetValue(watch.JobId, out var list) && list.Remove(watch) && list.Count == 0)
            {
                _watches.Remove(watch.JobId);
            }
        }
    }

    /// <summary>Wakes every current waiter, and latches for the next one if nobody is waiting.</summary>
    protected void Signal()
    {
        Volatile.Write(ref _pending, 1);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
