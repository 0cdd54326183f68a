using App.Identity.RateLimiting;
using App.Identity.Tests.Support;

namespace App.Identity.Tests;

public sealed class RateLimitTests
{
    // 15 s into a one-minute window, so the expected reset is exactly 45 s.
    private static readonly DateTimeOffset WindowStartPlus15 = new(2026, 11, 22, 10, 0, 15, TimeSpan.Zero);

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task EleventhUploadInAWindowIsRefusedWithRemainingAndReset(Db db)
    {
        var clock = new FixedClock(WindowStartPlus15);
        await using var host = await IdentityTestHost.StartAsync(db, clock);
        var limiter = host.Get<DatabaseRateLimiter>();

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 11; i++)
        {
            decisions.Add(await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, "key-1"));
        }

        Assert.All(decisions.Take(10), d => Assert.True(d.Allowed));
        Assert.Equal(Enumerable.Range(0, 10).Reverse(), decisions.Take(10).Select(d => d.Remaining));
        var refused = decisions[10];
        Assert.False(refused.Allowed);
        Assert.Equal(10, refused.Limit);
        Assert.Equal(0, refused.Remaining);
        Assert.Equal(45, refused.ResetSeconds);
        Assert.Equal(45, refused.RetryAfterSeconds);

        Assert.True((await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, "key-2")).Allowed);
        Assert.True((await limiter.AcquireAsync(RateLimitOptions.Reads, Plans.Free, "key-1")).Allowed);

        clock.Now = clock.Now.AddSeconds(45);
        var nextWindow = await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, "key-1");
        Assert.True(nextWindow.Allowed);
        Assert.Equal(9, nextWindow.Remaining);
        Assert.Equal(60, nextWindow.ResetSeconds);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task TwoReplicasSharingTheDatabaseTogetherAllowOnlyTheLimit(Db db)
    {
        var clock = new FixedClock(WindowStartPlus15);
        await using var first = await IdentityTestHost.StartAsync(db, clock);
        await using var second = await first.StartReplicaAsync(clock);
        var limiters = new[] { first.Get<DatabaseRateLimiter>(), second.Get<DatabaseRateLimiter>() };

        var decisions = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            limiters[i % 2].AcquireAsync(RateLimitOptions.Uploads, Plans.Free, "shared-key")));

        Assert.Equal(10, decisions.Count(d => d.Allowed));
        Assert.Equal(Enumerable.Range(0, 10).Reverse(), decisions.Where(d => d.Allowed).Select(d => d.Remaining).OrderDescending());
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ProPlanHasTheHigherConfiguredLimit(Db db)
    {
        var settings = new Dictionary<string, string?> { ["Identity:RateLimits:Policies:uploads:Limits:pro"] = "25" };
        await using var host = await IdentityTestHost.StartAsync(db, new FixedClock(WindowStartPlus15), settings);
        var limiter = host.Get<DatabaseRateLimiter>();

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 26; i++)
        {
            decisions.Add(await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Pro, "pro-key"));
        }

        Assert.Equal(25, decisions[0].Limit);
        Assert.Equal(25, decisions.Count(d => d.Allowed));
        Assert.False(decisions[^1].Allowed);
    }

    [Theory]
    [InlineData("POST", "/api/v1/predictions", RateLimitOptions.Uploads)]
    [InlineData("POST", "/api/v1/collections/c1/documents", RateLimitOptions.Uploads)]
    [InlineData("GET", "/api/v1/jobs/42", RateLimitOptions.Reads)]
    [InlineData("POST", "/api/v1/collections/c1/search", RateLimitOptions.Reads)]
    [InlineData("GET", "/health", null)]
    public void RoutesMapToPolicies(string method, string path, string? policy)
    {
        var options = new RateLimitOptions().AddDefaults();

        Assert.Equal(policy, options.Routes.FirstOrDefault(r => r.Matches(method, path))?.Policy);
    }
}
