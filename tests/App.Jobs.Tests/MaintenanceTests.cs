using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace App.Jobs.Tests;

public sealed class MaintenanceTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Blobs_of_jobs_finished_before_the_retention_are_deleted_and_rows_stay(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db, o => o.BlobRetention = TimeSpan.FromDays(1));
        var oldBlob = await h.Blobs.PutAsync(new MemoryStream([1, 2, 3]));
        var newBlob = await h.Blobs.PutAsync(new MemoryStream([4, 5, 6]));
        var oldJob = await FinishedJobAsync(h, oldBlob.Key);
        h.Clock.Advance(TimeSpan.FromHours(20));
        var newJob = await FinishedJobAsync(h, newBlob.Key);
        h.Clock.Advance(TimeSpan.FromHours(5));

        var report = await h.NewScope().GetRequiredService<JobMaintenance>().RunOnceAsync();

        Assert.Equal(1, report.BlobsPurged);
        Assert.False(await h.Blobs.ExistsAsync(oldBlob.Key));
        Assert.True(await h.Blobs.ExistsAsync(newBlob.Key));
        var purged = await h.NewQueue().GetAsync(JobsHarness.TenantA, oldJob.Id);
        Assert.Equal(JobStatus.Succeeded, purged?.Status);
        Assert.Equal(h.Clock.GetUtcNow(), purged?.BlobPurgedAt);
        Assert.Null((await h.NewQueue().GetAsync(JobsHarness.TenantA, newJob.Id))?.BlobPurgedAt);
        Assert.Equal(0, (await h.NewScope().GetRequiredService<JobMaintenance>().RunOnceAsync()).BlobsPurged);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Events_of_jobs_finished_before_the_retention_are_purged_down_to_the_final_state(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db, o => o.EventRetention = TimeSpan.FromDays(7));
        var old = await ProgressedJobAsync(h);
        h.Clock.Advance(TimeSpan.FromDays(6));
        var recent = await ProgressedJobAsync(h);
        h.Clock.Advance(TimeSpan.FromDays(2));
        var recentEvents = await h.NewQueue().GetEventsAsync(JobsHarness.TenantA, recent.Id);

        var report = await h.NewScope().GetRequiredService<JobMaintenance>().RunOnceAsync();

        Assert.Equal(3, report.EventsPurged);
        var kept = Assert.Single(await h.NewQueue().GetEventsAsync(JobsHarness.TenantA, old.Id));
        Assert.Equal((JobEventTypes.State, JobStatus.Succeeded), (kept.Type, kept.Status));
        Assert.Equal(JobStatus.Succeeded, (await h.NewQueue().GetAsync(JobsHarness.TenantA, old.Id))?.Status);
        Assert.Equal(recentEvents, await h.NewQueue().GetEventsAsync(JobsHarness.TenantA, recent.Id));
        Assert.Equal(0, (await h.NewScope().GetRequiredService<JobMaintenance>().RunOnceAsync()).EventsPurged);
    }

    /// <returns>A succeeded job with four events: queued, running, 50%, succeeded.</returns>
    private static async Task<JobInfo> ProgressedJobAsync(JobsHarness h)
    {
        var job = await h.EnqueueAsync();
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        await worker.ReportProgressAsync(job.Id, "worker-a", 50);
        await worker.CompleteAsync(job.Id, "worker-a", "{}");
        Assert.Equal(4, (await h.NewQueue().GetEventsAsync(JobsHarness.TenantA, job.Id)).Count);
        return job;
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Queued_jobs_older_than_the_abandon_age_are_canceled_with_a_code(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db, o => o.AbandonQueuedAfter = TimeSpan.FromDays(2));
        var abandoned = await h.EnqueueAsync(kind: "retired-kind");
        h.Clock.Advance(TimeSpan.FromDays(1.5));
        var recent = await h.EnqueueAsync(kind: "retired-kind");
        h.Clock.Advance(TimeSpan.FromDays(1));

        var report = await h.NewScope().GetRequiredService<JobMaintenance>().RunOnceAsync();

        Assert.Equal(1, report.AbandonedCanceled);
        var canceled = await h.NewQueue().GetAsync(JobsHarness.TenantA, abandoned.Id);
        Assert.Equal(JobStatus.Canceled, canceled?.Status);
        Assert.Equal(JobErrorCodes.Abandoned, canceled?.ErrorCode);
        Assert.Equal(JobStatus.Queued, (await h.NewQueue().GetAsync(JobsHarness.TenantA, recent.Id))?.Status);
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Maintenance_reaps_expired_leases_and_metrics_report_depth_and_age_per_kind_claims_and_final_states(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var meterFactory = h.Services.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Name, double Value, string? Status, string? Kind)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == JobMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, TagOf(tags, "status"), TagOf(tags, "kind"))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, TagOf(tags, "status"), TagOf(tags, "kind"))));
        listener.Start();

        var succeeded = await h.EnqueueAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var lost = await h.EnqueueAsync(maxAttempts: 1);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.EnqueueAsync();
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        await worker.CompleteAsync(succeeded.Id, "worker-a", "{}");
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        h.Clock.Advance(TimeSpan.FromMinutes(1));

        var report = await h.NewScope().GetRequiredService<JobMaintenance>().RunOnceAsync();
        listener.RecordObservableInstruments();

        Assert.Equal(1, report.LeasesReaped);
        Assert.Equal(JobStatus.Failed, (await h.NewQueue().GetAsync(JobsHarness.TenantA, lost.Id))?.Status);
        Assert.Equal(3, measurements.Count(m => m.Name == "app.jobs.enqueued"));
        Assert.Equal(
            [JobStatus.Succeeded, JobStatus.Failed],
            measurements.Where(m => m.Name == "app.jobs.finished").Select(m => m.Status));
        Assert.Equal(2, measurements.Count(m => m.Name == "app.jobs.claimed" && m.Kind == JobsHarness.Kinds[0]));
        // Per kind: the queued job's kind, and the other kind the worker asked for, reported empty rather than absent.
        Assert.Equal(1, measurements.Single(m => m.Name == "app.jobs.queue.depth" && m.Kind == JobsHarness.Kinds[0]).Value);
        Assert.Equal(60, measurements.Single(m => m.Name == "app.jobs.queue.oldest_age" && m.Kind == JobsHarness.Kinds[0]).Value);
        Assert.Equal(0, measurements.Single(m => m.Name == "app.jobs.queue.depth" && m.Kind == JobsHarness.Kinds[1]).Value);
        Assert.Equal(0, measurements.Single(m => m.Name == "app.jobs.queue.oldest_age" && m.Kind == JobsHarness.Kinds[1]).Value);
    }

    private static string? TagOf(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return (string?)tag.Value;
            }
        }

        return null;
    }

    private static async Task<JobInfo> FinishedJobAsync(JobsHarness h, string blobKey)
    {
        var job = await h.NewQueue().EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}", BlobKey: blobKey));
        var worker = h.NewQueue();
        await worker.ClaimAsync("worker-a", JobsHarness.Kinds, Lease);
        await worker.CompleteAsync(job.Id, "worker-a", "{}");
        return job;
    }
}
