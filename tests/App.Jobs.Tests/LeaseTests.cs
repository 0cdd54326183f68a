namespace App.Jobs.Tests;

public sealed class LeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Expired_lease_returns_the_job_to_the_queue_for_another_worker(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync();
        var workerA = h.NewQueue();
        Assert.NotNull(await workerA.ClaimAsync("worker-a", JobsHarness.Kinds, Lease));

        h.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await h.NewQueue().ReapExpiredLeasesAsync());

        h.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await h.NewQueue().ReapExpiredLeasesAsync());
        var requeued = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
        Assert.Equal(JobStatus.Queued, requeued?.Status);
        Assert.Equal(JobErrorCodes.LeaseExpired, requeued?.ErrorCode);
        Assert.Null(requeued?.LeaseOwner);

        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var workerB = h.NewQueue();
        var reclaimed = await workerB.ClaimAsync("worker-b", JobsHarness.Kinds, Lease);
        Assert.Equal(job.Id, reclaimed?.Id);
        Assert.Equal(2, reclaimed?.Attempts);
        Assert.Equal("worker-b", reclaimed?.LeaseOwner);

        Assert.False(await workerA.RenewLeaseAsync(job.Id, "worker-a", Lease));
        Assert.False(await workerA.ReportProgressAsync(job.Id, "worker-a", 50));
        Assert.False(await workerA.CompleteAsync(job.Id, "worker-a", """{"stale":true}"""));
        Assert.True(await workerB.RenewLeaseAsync(job.Id, "worker-b", Lease));
        Assert.True(await workerB.CompleteAsync(job.Id, "worker-b", """{"ok":true}"""));
        Assert.Equal("""{"ok":true}""", (await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id))?.Result);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Renewal_extends_the_lease_so_the_reaper_leaves_the_job(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync();
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);

        h.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await worker.RenewLeaseAsync(job.Id, "worker-a", Lease));
        h.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(0, await h.NewQueue().ReapExpiredLeasesAsync());
        Assert.Equal(JobStatus.Running, (await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id))?.Status);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Expired_lease_on_the_last_attempt_fails_the_job_with_a_code(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync(maxAttempts: 1);
        await h.NewQueue().ClaimAsync("worker-a", JobsHarness.Kinds, Lease);

        h.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await h.NewQueue().ReapExpiredLeasesAsync());

        var failed = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
        Assert.Equal(JobStatus.Failed, failed?.Status);
        Assert.Equal(JobErrorCodes.LeaseExpiredAttemptsExhausted, failed?.ErrorCode);
        Assert.NotNull(failed?.FinishedAt);
        Assert.Null(await h.NewQueue().ClaimAsync("worker-b", JobsHarness.Kinds, Lease));
    }
}
