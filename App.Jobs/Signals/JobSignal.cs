using App.Jobs.Data;

namespace App.Jobs.Signals;

/// <summary>
/// Wakes idle workers when a job is enqueued, so they need not poll the database tightly. A signal is only a hint:
/// a woken worker claims, and a worker that times out claims anyway, so a lost signal delays a job but never loses it.
/// </summary>
public abstract class JobSignal : IAsyncDisposable
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;

    /// <summary>Called by the queue inside the enqueuing transaction.</summary>
    public abstract Task PublishAsync(JobsDbContext db, string kind, CancellationToken cancellationToken);

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

    /// <summary>Wakes every current waiter, and latches for the next one if nobody is waiting.</summary>
    protected void Signal()
    {
        Volatile.Write(ref _pending, 1);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
