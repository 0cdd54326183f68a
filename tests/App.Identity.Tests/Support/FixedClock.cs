namespace App.Identity.Tests.Support;

/// <summary>Time that moves only when a test moves it, so window and expiry assertions cannot race the wall clock.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
