namespace App.Jobs.Tests;

/// <summary>Leases, backoff and retention are decided by the queue's clock, so tests move time instead of waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    // Whole seconds: both databases keep microseconds, so values read back compare equal.
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
