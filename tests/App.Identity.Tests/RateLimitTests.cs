using System.Globalization;
using App.Identity.Data;
using App.Identity.RateLimiting;
using App.Identity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests;

public sealed class RateLimitTests
{
    // 15 s into a one-minute window, so the expected reset is exactly 45 s.
    private static readonly DateTimeOffset WindowStartPlus15 = new(2026, 11, 22, 10, 0, 15, TimeSpan.Zero);

    // Large enough that permits are taken in batches of more than one.
    private const int BatchedLimit = 1000;
    private static readonly int Batch = SharedRateLimiter.BatchFor(BatchedLimit);

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task EleventhUploadInAWindowIsRefusedWithRemainingAndReset(Db db)
    {
        var clock = new FixedClock(WindowStartPlus15);
        await using var host = await IdentityTestHost.StartAsync(db, clock);
        var limiter = host.Get<SharedRateLimiter>();

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
        var limiters = new[] { first.Get<SharedRateLimiter>(), second.Get<SharedRateLimiter>() };

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
        var limiter = host.Get<SharedRateLimiter>();

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
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task BatchingReplicasTogetherAllowAtMostTheLimitWithOneWritePerBatch(Db db)
    {
        var partition = $"batched-{Guid.NewGuid():N}";
        var clock = new FixedClock(WindowStartPlus15);
        await using var first = await IdentityTestHost.StartAsync(db, clock, ProReads());
        await using var second = await first.StartReplicaAsync(clock, ProReads());
        var limiters = new[] { first.Get<SharedRateLimiter>(), second.Get<SharedRateLimiter>() };
        using var writes = new CounterWrites(partition);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 1600).Select(i => Task.Run(() =>
            limiters[i % 2].AcquireAsync(RateLimitOptions.Reads, Plans.Pro, partition))));

        var allowed = decisions.Count(d => d.Allowed);
        Assert.InRange(allowed, BatchedLimit - (2 * (Batch - 1)), BatchedLimit);
        Assert.All(decisions, d => Assert.InRange(d.Remaining, 0, BatchedLimit - 1));
        Assert.False((await limiters[0].AcquireAsync(RateLimitOptions.Reads, Plans.Pro, partition)).Allowed);
        Assert.False((await limiters[1].AcquireAsync(RateLimitOptions.Reads, Plans.Pro, partition)).Allowed);

        // Full batches fill the limit; each replica then needs at most one more write to learn the window is used up.
        Assert.InRange(writes.Count, BatchedLimit / Batch, ((BatchedLimit + Batch - 1) / Batch) + 2);
        Assert.Equal(writes.Count * Batch, await SharedCountAsync(first, partition, WindowStartPlus15));
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task FromMemoryDecidesOnlyWithHeldPermitsAndCountsLikeTheAsyncPath(Db db)
    {
        var partition = $"memory-{Guid.NewGuid():N}";
        await using var host = await IdentityTestHost.StartAsync(db, new FixedClock(WindowStartPlus15), ProReads());
        var limiter = host.Get<SharedRateLimiter>();
        using var writes = new CounterWrites(partition);

        // Nothing held yet for this partition: the memory path declines and counts nothing.
        await limiter.AcquireAsync(RateLimitOptions.Reads, Plans.Pro, $"warm-{partition}");
        Assert.Null(limiter.TryAcquireFromMemory(RateLimitOptions.Reads, Plans.Pro, partition));
        Assert.Equal(0, writes.Count);

        var first = await limiter.AcquireAsync(RateLimitOptions.Reads, Plans.Pro, partition);
        var fromMemory = Enumerable.Range(0, Batch - 1)
            .Select(_ => limiter.TryAcquireFromMemory(RateLimitOptions.Reads, Plans.Pro, partition)).ToList();
        var exhausted = limiter.TryAcquireFromMemory(RateLimitOptions.Reads, Plans.Pro, partition);

        Assert.Equal(BatchedLimit - 1, first.Remaining);
        Assert.All(fromMemory, d => Assert.True(d!.Allowed));
        Assert.Equal(BatchedLimit - Batch, fromMemory[^1]!.Remaining);
        Assert.Null(exhausted);
        Assert.Equal(1, writes.Count);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ANewWindowGrantsFreshPermitsAndForgetsThePastOne(Db db)
    {
        var partition = $"windows-{Guid.NewGuid():N}";
        var clock = new FixedClock(WindowStartPlus15);
        await using var host = await IdentityTestHost.StartAsync(db, clock, ProReads());
        var limiter = host.Get<SharedRateLimiter>();
        using var writes = new CounterWrites(partition);

        var remaining = new List<int>();
        for (var i = 0; i < BatchedLimit; i++)
        {
            var decision = await limiter.AcquireAsync(RateLimitOptions.Reads, Plans.Pro, partition);
            Assert.True(decision.Allowed);
            remaining.Add(decision.Remaining);
        }

        Assert.Equal(Enumerable.Range(0, BatchedLimit).Reverse(), remaining);
        Assert.False((await limiter.AcquireAsync(RateLimitOptions.Reads, Plans.Pro, partition)).Allowed);
        Assert.True((await limiter.AcquireAsync(RateLimitOptions.Reads, Plans.Pro, $"{partition}-other")).Allowed);
        // The last batch showed the shared count at the limit, so the refusal needed no write of its own.
        Assert.Equal(BatchedLimit / Batch, writes.Count);
        Assert.Equal(2, limiter.TrackedWindows);

        clock.Now = clock.Now.AddSeconds(45);
        var nextWindow = await limiter.AcquireAsync(RateLimitOptions.Reads, Plans.Pro, partition);
        Assert.True(nextWindow.Allowed);
        Assert.Equal(BatchedLimit - 1, nextWindow.Remaining);
        Assert.Equal(60, nextWindow.ResetSeconds);
        Assert.Equal(Batch, await SharedCountAsync(host, partition, clock.Now));
        Assert.Equal(1, limiter.TrackedWindows);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task PurgeDeletesOnlyWindowsThatEndedBeforeTheRetention(Db db)
    {
        var partition = $"purge-{Guid.NewGuid():N}";
        var clock = new FixedClock(WindowStartPlus15);
        await using var host = await IdentityTestHost.StartAsync(db, clock);
        var limiter = host.Get<SharedRateLimiter>();
        await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, partition);
        clock.Now = clock.Now.AddMinutes(50);
        await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, partition);
        clock.Now = clock.Now.AddMinutes(20);
        await limiter.AcquireAsync(RateLimitOptions.Uploads, Plans.Free, partition);

        // Windows at 0, 50 and 70 minutes; an hour's retention at 70 minutes keeps the last two.
        var purged = await host.Get<DatabaseRateLimitCounters>().PurgeAsync(TimeSpan.FromHours(1));

        await using var scope = host.Services.CreateAsyncScope();
        var windows = await scope.Get<IdentityDbContext>().RateLimitCounters.Where(c => c.PartitionKey == partition)
            .Select(c => c.WindowStart).OrderBy(w => w).ToListAsync();
        var start = WindowStartPlus15.ToUnixTimeSeconds() - 15;
        Assert.Equal([start + 50 * 60, start + 70 * 60], windows);
        Assert.True(purged >= 1, $"purged {purged}");
    }

    private static Dictionary<string, string?> ProReads() =>
        new() { ["Identity:RateLimits:Policies:reads:Limits:pro"] = BatchedLimit.ToString(CultureInfo.InvariantCulture) };

    private static async Task<int> SharedCountAsync(IdentityTestHost host, string partition, DateTimeOffset inWindow)
    {
        var windowStart = inWindow.ToUnixTimeSeconds() - (inWindow.ToUnixTimeSeconds() % 60);
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.Get<IdentityDbContext>().RateLimitCounters
            .Where(c => c.Policy == RateLimitOptions.Reads && c.PartitionKey == partition && c.WindowStart == windowStart)
            .Select(c => c.Count)
            .SingleAsync();
    }
}
