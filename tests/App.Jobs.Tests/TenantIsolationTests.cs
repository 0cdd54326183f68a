namespace App.Jobs.Tests;

public sealed class TenantIsolationTests
{
    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Tenant_B_cannot_get_list_cancel_or_follow_tenant_A_jobs(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var queue = h.NewQueue();
        var jobA = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", ContentHash: "h"));
        var jobB = await h.EnqueueAsync(JobsHarness.TenantB);
        var since = h.Clock.GetUtcNow().AddDays(-1);

        Assert.Null(await queue.GetAsync(JobsHarness.TenantB, jobA.Id));
        Assert.Equal([jobB.Id], (await queue.ListAsync(JobsHarness.TenantB)).Items.Select(j => j.Id));
        Assert.Equal(CancelOutcome.NotFound, await queue.CancelAsync(JobsHarness.TenantB, jobA.Id));
        Assert.Empty(await queue.GetEventsAsync(JobsHarness.TenantB, jobA.Id));
        Assert.Null(await queue.FindRecentByContentHashAsync(JobsHarness.TenantB, "speech-screening", "h", since));

        Assert.Equal(JobStatus.Queued, (await queue.GetAsync(JobsHarness.TenantA, jobA.Id))?.Status);
        Assert.NotEmpty(await queue.GetEventsAsync(JobsHarness.TenantA, jobA.Id));
        Assert.Equal(jobA.Id, (await queue.FindRecentByContentHashAsync(JobsHarness.TenantA, "speech-screening", "h", since))?.Id);
    }
}
