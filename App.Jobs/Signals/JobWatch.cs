namespace App.Jobs.Signals;

/// <summary>
/// One follower's view of the changes to a job's events (<see cref="JobSignal.WatchJob"/>). Take <see cref="Next"/>
/// before reading the events, then wait on it: a change committed between the read and the wait is not missed.
/// Only a hint, like every signal here: a follower still reads the database, and waits with a timeout.
/// </summary>
public sealed class JobWatch : IDisposable
{
    private readonly Action<JobWatch> _release;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal JobWatch(Guid jobId, Action<JobWatch> release)
    {
        JobId = jobId;
        _release = release;
    }

    public Guid JobId { get; }

    /// <summary>Completes at the first change notified after this was read.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <returns>True when <paramref name="next"/> completed (a change), false when the timeout passed first.</returns>
    public static async Task<bool> WaitAsync(Task next, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose() => _release(this);

    internal void Changed() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
