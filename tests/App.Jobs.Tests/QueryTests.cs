namespace App.Jobs.Tests;

public sealed class QueryTests
{
    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task List_is_newest_first_paged_and_filtered_by_status_and_time(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var queue = h.NewQueue();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"))).Id);
            h.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await queue.CancelAsync(JobsHarness.TenantA, ids[1]);
        var start = h.Clock.GetUtcNow().AddMinutes(-5);

        var first = await queue.ListAsync(JobsHarness.TenantA, page: 1, pageSize: 2);
        var third = await queue.ListAsync(JobsHarness.TenantA, page: 3, pageSize: 2);
        Assert.Equal(5, first.TotalCount);
        Assert.Equal([ids[4], ids[3]], first.Items.Select(j => j.Id));
        Assert.Equal([ids[0]], third.Items.Select(j => j.Id));
        Assert.Equal([ids[1]], (await queue.ListAsync(JobsHarness.TenantA, JobStatus.Canceled)).Items.Select(j => j.Id));
        Assert.Equal(
            [ids[2], ids[1]],
            (await queue.ListAsync(JobsHarness.TenantA, from: start.AddMinutes(1), to: start.AddMinutes(3))).Items.Select(j => j.Id));
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task List_filters_by_batch(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var queue = h.NewQueue();
        var batch = Guid.CreateVersion7();
        var inBatch = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", BatchId: batch));
        await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
        await queue.EnqueueAsync(new NewJob(JobsHarness.TenantB, "speech-screening", "{}", BatchId: batch));

        var page = await queue.ListAsync(JobsHarness.TenantA, batchId: batch);

        Assert.Equal([inBatch.Id], page.Items.Select(j => j.Id));
        Assert.Equal(1, page.TotalCount);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Content_hash_lookup_finds_recent_live_jobs_of_the_same_kind_only(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var queue = h.NewQueue();
        var old = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", ContentHash: "abc"));
        h.Clock.Advance(TimeSpan.FromHours(2));
        var canceled = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", ContentHash: "abc"));
        await queue.CancelAsync(JobsHarness.TenantA, canceled.Id);
        await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "document-ingestion", "{}", ContentHash: "abc"));
        var since = h.Clock.GetUtcNow().AddHours(-1);

        Assert.Null(await queue.FindRecentByContentHashAsync(JobsHarness.TenantA, "speech-screening", "abc", since));
        var live = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", ContentHash: "abc"));
        Assert.Equal(live.Id, (await queue.FindRecentByContentHashAsync(JobsHarness.TenantA, "speech-screening", "abc", since))?.Id);
        Assert.Equal(live.Id, (await queue.FindRecentByContentHashAsync(JobsHarness.TenantA, "speech-screening", "abc", old.CreatedAt))?.Id);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task List_filters_by_kind(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var queue = h.NewQueue();
        await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
        var ingestion = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "document-ingestion", "{}"));

        var page = await queue.ListAsync(JobsHarness.TenantA, kind: "document-ingestion");

        Assert.Equal([ingestion.Id], page.Items.Select(j => j.Id));
        Assert.Equal(1, page.TotalCount);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Succeeded_lookup_finds_the_newest_job_of_the_tenant_and_kind_that_succeeded_in_the_window(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var queue = h.NewQueue();
        async Task<JobInfo> RunAsync(Guid tenant, string kind, bool succeed)
        {
            var job = await queue.EnqueueAsync(new NewJob(tenant, kind, "{}", ContentHash: "key"));
            var claimed = await queue.ClaimAsync("w", [kind], TimeSpan.FromMinutes(1));
            Assert.Equal(job.Id, claimed!.Id);
            _ = succeed
                ? await queue.CompleteAsync(job.Id, "w", $"{{\"from\":\"{job.Id}\"}}")
                : (await queue.FailAsync(job.Id, "w", "broken", "no", retryable: false)) == FailOutcome.Failed;
            return job;
        }

        var old = await RunAsync(JobsHarness.TenantA, "document-extraction", succeed: true);
        h.Clock.Advance(TimeSpan.FromHours(2));
        var since = h.Clock.GetUtcNow().AddHours(-1);
        Assert.Null(await queue.FindSucceededByContentHashAsync(JobsHarness.TenantA, "document-extraction", "key", since));

        await RunAsync(JobsHarness.TenantA, "document-extraction", succeed: false);
        await RunAsync(JobsHarness.TenantB, "document-extraction", succeed: true);
        await RunAsync(JobsHarness.TenantA, "speech-screening", succeed: true);
        Assert.Null(await queue.FindSucceededByContentHashAsync(JobsHarness.TenantA, "document-extraction", "key", since));

        var recent = await RunAsync(JobsHarness.TenantA, "document-extraction", succeed: true);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "document-extraction", "{}", ContentHash: "key"));
        var found = await queue.FindSucceededByContentHashAsync(JobsHarness.TenantA, "document-extraction", "key", since);
        Assert.Equal(recent.Id, found?.Id);
        Assert.Equal($"{{\"from\":\"{recent.Id}\"}}", found?.Result);
        Assert.Equal(recent.Id, (await queue.FindSucceededByContentHashAsync(JobsHarness.TenantA, "document-extraction", "key", old.CreatedAt))?.Id);
    }
}
