using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace App.Jobs.Tests;

public sealed class ClaimTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Enqueued_job_is_claimed_running_with_one_attempt(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync();

        var claimed = await h.NewQueue().ClaimAsync("worker-1", JobsHarness.Kinds, Lease);

        Assert.NotNull(claimed);
        Assert.Equal(job.Id, claimed.Id);
        Assert.Equal(JobStatus.Running, claimed.Status);
        Assert.Equal(1, claimed.Attempts);
        Assert.Equal("worker-1", claimed.LeaseOwner);
        Assert.Equal(h.Clock.GetUtcNow() + Lease, claimed.LeaseExpiresAt);
        Assert.Equal("""{"blob":"x"}""", claimed.Input);
        Assert.Null(await h.NewQueue().ClaimAsync("worker-2", JobsHarness.Kinds, Lease));
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Claim_takes_only_the_requested_kinds_that_are_due_most_urgent_first(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var queue = h.NewQueue();
        await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "document-ingestion", "{}"));
        await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", NotBefore: h.Clock.GetUtcNow().AddMinutes(5)));
        var normal = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
        var urgent = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", Priority: 10));

        var worker = h.NewQueue();
        Assert.Equal(urgent.Id, (await worker.ClaimAsync("w", ["speech-screening"], Lease))?.Id);
        Assert.Equal(normal.Id, (await worker.ClaimAsync("w", ["speech-screening"], Lease))?.Id);
        Assert.Null(await worker.ClaimAsync("w", ["speech-screening"], Lease));
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Concurrent_claimers_never_share_a_job_and_together_take_all(TestDb db)
    {
        const int jobCount = 50;
        const int workerCount = 6;
        await using var h = await JobsHarness.CreateAsync(db);
        var enqueuer = h.NewQueue();
        var enqueued = new HashSet<Guid>();
        for (var i = 0; i < jobCount; i++)
        {
            enqueued.Add((await enqueuer.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"))).Id);
        }

        var claims = new ConcurrentBag<(string Worker, Guid Job)>();
        var queues = Enumerable.Range(0, workerCount).Select(_ => h.NewQueue()).ToList();
        using var start = new Barrier(workerCount);
        await Task.WhenAll(queues.Select((queue, i) => Task.Run(async () =>
        {
            var worker = $"worker-{i}";
            start.SignalAndWait();
            while (await queue.ClaimAsync(worker, JobsHarness.Kinds, Lease) is { } job)
            {
                claims.Add((worker, job.Id));
            }
        })));

        var claimedIds = claims.Select(c => c.Job).ToList();
        Assert.Equal(claimedIds.Count, claimedIds.Distinct().Count());
        Assert.True(enqueued.SetEquals(claimedIds));
        var rows = await h.NewDbContext().Jobs.AsNoTracking().ToListAsync();
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        Assert.All(rows, r => Assert.Equal(claims.Single(c => c.Job == r.Id).Worker, r.LeaseOwner));
    }
}
