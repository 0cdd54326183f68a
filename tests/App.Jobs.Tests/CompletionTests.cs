namespace App.Jobs.Tests;

public sealed class CompletionTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Result_is_written_once(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync();
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        Assert.True(await worker.ReportProgressAsync(job.Id, "worker-a", 40));

        Assert.True(await worker.CompleteAsync(job.Id, "worker-a", """{"score":0.25}"""));
        Assert.False(await worker.CompleteAsync(job.Id, "worker-a", """{"score":0.99}"""));
        Assert.False(await worker.RenewLeaseAsync(job.Id, "worker-a", Lease));

        var done = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
        Assert.Equal(JobStatus.Succeeded, done?.Status);
        Assert.Equal("""{"score":0.25}""", done?.Result);
        Assert.Equal(100, done?.Progress);
        Assert.Equal(h.Clock.GetUtcNow(), done?.FinishedAt);

        var events = await h.NewQueue().GetEventsAsync(JobsHarness.TenantA, job.Id);
        Assert.Equal(
            [(JobEventTypes.State, JobStatus.Queued, 0), (JobEventTypes.State, JobStatus.Running, 0),
             (JobEventTypes.Progress, JobStatus.Running, 40), (JobEventTypes.State, JobStatus.Succeeded, 100)],
            events.Select(e => (e.Type, e.Status, e.Progress)));
        Assert.Equal(events.OrderBy(e => e.Sequence), events);
        Assert.Equal([events[^1]], await h.NewQueue().GetEventsAsync(JobsHarness.TenantA, job.Id, events[^2].Sequence));
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Retryable_failure_backs_off_and_the_last_attempt_fails_with_the_code(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync(maxAttempts: 3);
        var worker = h.NewQueue();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var claimed = await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
            Assert.Equal(attempt, claimed?.Attempts);
            Assert.Equal(FailOutcome.Requeued, await worker.FailAsync(job.Id, "worker-a", "decoder_busy", "try later", retryable: true));

            var queued = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
            Assert.Equal(JobStatus.Queued, queued?.Status);
            Assert.Equal("decoder_busy", queued?.ErrorCode);
            Assert.True(queued?.NotBefore > h.Clock.GetUtcNow());
            Assert.Null(await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease));
            h.Clock.Advance(queued!.NotBefore - h.Clock.GetUtcNow());
        }

        var last = await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        Assert.Equal(3, last?.Attempts);
        Assert.Equal(FailOutcome.Failed, await worker.FailAsync(job.Id, "worker-a", "decoder_busy", "still busy", retryable: true));
        Assert.Equal(FailOutcome.NotOwner, await worker.FailAsync(job.Id, "worker-a", "decoder_busy", "again", retryable: true));

        var failed = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
        Assert.Equal(JobStatus.Failed, failed?.Status);
        Assert.Equal("decoder_busy", failed?.ErrorCode);
        Assert.Equal("still busy", failed?.ErrorMessage);
        Assert.Null(failed?.Result);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Backoff_grows_with_each_attempt(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db, o => o.BackoffBase = TimeSpan.FromSeconds(10));
        var job = await h.EnqueueAsync(maxAttempts: 5);
        var worker = h.NewQueue();
        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
            await worker.FailAsync(job.Id, "worker-a", "transient", null, retryable: true);
            var notBefore = (await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id))!.NotBefore;
            delays.Add(notBefore - h.Clock.GetUtcNow());
            h.Clock.Advance(notBefore - h.Clock.GetUtcNow());
        }

        // 10 s, 20 s, 40 s, each within the +-20% jitter.
        Assert.InRange(delays[0].TotalSeconds, 8, 12);
        Assert.InRange(delays[1].TotalSeconds, 16, 24);
        Assert.InRange(delays[2].TotalSeconds, 32, 48);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Non_retryable_failure_is_final_on_the_first_attempt(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var job = await h.EnqueueAsync(maxAttempts: 3);
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);

        Assert.Equal(FailOutcome.Failed, await worker.FailAsync(job.Id, "worker-a", "model_unavailable", "no model", retryable: false));
        Assert.Equal(JobStatus.Failed, (await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id))?.Status);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Failure_details_are_kept_when_the_failure_is_final_and_dropped_when_the_job_is_requeued(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db, o => o.BackoffBase = TimeSpan.Zero);
        var job = await h.EnqueueAsync(maxAttempts: 2);
        var worker = h.NewQueue();

        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        Assert.Equal(FailOutcome.Requeued, await worker.FailAsync(job.Id, "worker-a", "model_timeout", "slow", retryable: true, details: "{\"try\":1}"));
        var requeued = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        Assert.Equal(FailOutcome.Failed, await worker.FailAsync(job.Id, "worker-a", "invalid_model_output", "bad", retryable: false, details: "{\"try\":2}"));
        var failed = await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id);

        Assert.Null(requeued?.Result);
        Assert.Equal(JobStatus.Failed, failed?.Status);
        Assert.Equal("{\"try\":2}", failed?.Result);
    }
}
