namespace App.Testing;

/// <summary>Bounded polling for what happens asynchronously in another process (a restart, a shutdown).</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> observe, Func<T, bool> done, TimeSpan limit, Func<T?, string> explain)
    {
        var deadline = DateTime.UtcNow + limit;
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await observe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering yet; that is what we are waiting out.
            }

            await Task.Delay(Interval);
        }

        throw new TimeoutException($"Not reached within {limit.TotalSeconds} s. {explain(last)}");
    }
}
