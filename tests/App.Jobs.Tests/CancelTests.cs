namespace App.Jobs.Tests;

public sealed class CancelTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Canceled_queued_job_is_never_claimed(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync();

        Assert.Equal(CancelOutcome.Canceled, await h.NewQueue().CancelAsync(JobsHarness.TenantA, job.Id));

        Assert.Null(await h.NewQueue().ClaimAsync("worker-a", JobsHarness.Kinds, Lease));
        var canceled = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
        Assert.Equal(JobStatus.Canceled, canceled?.Status);
        Assert.NotNull(canceled?.FinishedAt);
        Assert.Equal(CancelOutcome.AlreadyFinished, await h.NewQueue().CancelAsync(JobsHarness.TenantA, job.Id));
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Worker_of_a_canceled_running_job_sees_it_at_its_next_renew_or_report(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync();
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);

        Assert.Equal(CancelOutcome.Canceled, await h.NewQueue().CancelAsync(JobsHarness.TenantA, job.Id));

        Assert.False(await worker.RenewLeaseAsync(job.Id, "worker-a", Lease));
        Assert.False(await worker.ReportProgressAsync(job.Id, "worker-a", 60));
        Assert.False(await worker.CompleteAsync(job.Id, "worker-a", "{}"));
        Assert.Equal(FailOutcome.NotOwner, await worker.FailAsync(job.Id, "worker-a", "x", null, retryable: true));
        var canceled = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
        Assert.Equal(JobStatus.Canceled, canceled?.Status);
        Assert.Null(canceled?.Result);

        h.Clock.Advance(Lease * 2);
        Assert.Equal(0, await h.NewQueue().ReapExpiredLeasesAsync());
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Finished_job_cannot_be_canceled(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync();
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        await worker.CompleteAsync(job.Id, "worker-a", "{}");

        Assert.Equal(CancelOutcome.AlreadyFinished, await h.NewQueue().CancelAsync(JobsHarness.TenantA, job.Id));
        Assert.Equal(JobStatus.Succeeded, (await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id))?.Status);
    }
}
