namespace App.AppHost.Processes;

/// <summary>
/// 1 s, 2 s, 4 s ... up to <paramref name="max"/> between restarts of a crashing service; a run that lasted
/// <paramref name="stableAfter"/> starts the sequence over, so a rare crash is not punished like a crash loop.
/// </summary>
public sealed class RestartBackoff(TimeSpan initial, TimeSpan max, TimeSpan stableAfter)
{
    private int _consecutiveFailures;

    public TimeSpan Next(TimeSpan uptime)
    {
        if (uptime >= stableAfter)
        {
            _consecutiveFailures = 0;
        }

        var delay = initial * Math.Pow(2, Math.Min(_consecutiveFailures, 20));
        _consecutiveFailures++;
        return delay < max ? delay : max;
    }
}
