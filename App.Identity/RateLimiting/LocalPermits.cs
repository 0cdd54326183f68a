namespace App.Identity.RateLimiting;

/// <summary>
/// What one replica holds for one (policy, partition, window): permits taken from the shared counter in batches and
/// spent in memory. At most one refill is in flight; requests arriving meanwhile wait for it instead of writing too.
/// </summary>
internal sealed class LocalPermits(int limit, int batch, long windowEnd)
{
    private readonly Lock gate = new();

    /// <summary>Taken from the shared counter and not spent yet.</summary>
    private int held;

    /// <summary>The limit minus the shared count at the last refill: what no replica had taken then.</summary>
    private int unclaimed;

    private bool counted;
    private Task? refill;

    public long WindowEnd => windowEnd;

    /// <summary>
    /// Spends a held permit, or refuses once the shared count has reached the limit, or else takes the next batch through
    /// <paramref name="takeBatch"/> (given the batch size, returning the shared count after adding it).
    /// Remaining is what is left as this replica last saw the shared counter, less what it has spent since.
    /// </summary>
    public async ValueTask<(bool Allowed, int Remaining)> AcquireAsync<TState>(
        Func<TState, int, Task<int>> takeBatch, TState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource? mine = null;
            Task pending;
            lock (gate)
            {
                if (TrySpend() is { } decided)
                {
                    return decided;
                }

                if (refill is null)
                {
                    mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    refill = mine.Task;
                }

                pending = refill;
            }

            if (mine is null)
            {
                await pending.WaitAsync(cancellationToken);
                continue;
            }

            return await RefillAsync(mine, takeBatch, state);
        }
    }

    /// <summary>A decision without the database, or null when a refill is needed (nothing spent then).</summary>
    public (bool Allowed, int Remaining)? TrySpendFromMemory()
    {
        lock (gate)
        {
            return TrySpend();
        }
    }

    /// <summary>
    /// Requests waiting on a refill that failed find no refill in flight and try their own, so each sees its own error.
    /// </summary>
    private async Task<(bool Allowed, int Remaining)> RefillAsync<TState>(
        TaskCompletionSource mine, Func<TState, int, Task<int>> takeBatch, TState state)
    {
        try
        {
            var count = await takeBatch(state, batch);
            lock (gate)
            {
                held += Math.Clamp(limit - (count - batch), 0, batch);
                unclaimed = Math.Max(0, limit - count);
                counted = true;
                return TrySpend() ?? (false, 0);
            }
        }
        finally
        {
            lock (gate)
            {
                refill = null;
            }

            mine.SetResult();
        }
    }

    /// <summary>Under the gate: a decision without the database, or null when a refill is needed.</summary>
    private (bool Allowed, int Remaining)? TrySpend()
    {
        if (held > 0)
        {
            held--;
            return (true, held + unclaimed);
        }

        return counted && unclaimed == 0 ? (false, 0) : null;
    }
}
