using App.Jobs.Data;
using App.Jobs.Signals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace App.Jobs.Tests;

public sealed class SignalTests
{
    private static readonly TimeSpan NoSignalExpected = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan SignalExpected = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task PostgreSql_waiting_worker_is_woken_by_notify_on_commit_only()
    {
        await using var h = await JobsHarness.CreateAsync(TestDb.PostgreSql);

        // A listener of its own, as in a worker process other than the enqueuing Api.
        await using var signal = new PostgresJobSignal(h.ConnectionString, NullLogger<PostgresJobSignal>.Instance);
        await signal.StartAsync(CancellationToken.None);
        Assert.False(await signal.WaitAsync(NoSignalExpected, CancellationToken.None));

        var scope = h.NewScope();
        var context = scope.GetRequiredService<JobsDbContext>();
        await using var transaction = await context.Database.BeginTransactionAsync();
        await scope.GetRequiredService<JobQueue>().EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
        Assert.False(await signal.WaitAsync(NoSignalExpected, CancellationToken.None));

        var wait = signal.WaitAsync(SignalExpected, CancellationToken.None);
        await transaction.CommitAsync();
        Assert.True(await wait);
    }

    [Fact]
    public async Task PostgreSql_notification_of_a_rolled_back_enqueue_is_never_delivered()
    {
        await using var h = await JobsHarness.CreateAsync(TestDb.PostgreSql);
        await using var signal = new PostgresJobSignal(h.ConnectionString, NullLogger<PostgresJobSignal>.Instance);
        await signal.StartAsync(CancellationToken.None);

        var scope = h.NewScope();
        await using (var transaction = await scope.GetRequiredService<JobsDbContext>().Database.BeginTransactionAsync())
        {
            await scope.GetRequiredService<JobQueue>().EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
            await transaction.RollbackAsync();
        }

        Assert.False(await signal.WaitAsync(NoSignalExpected, CancellationToken.None));
        await h.EnqueueAsync();
        Assert.True(await signal.WaitAsync(SignalExpected, CancellationToken.None));
    }

    [Fact]
    public async Task Sqlite_in_process_signal_wakes_a_waiting_worker_and_latches_for_a_late_one()
    {
        await using var h = await JobsHarness.CreateAsync(TestDb.Sqlite);
        var signal = h.Services.GetRequiredService<JobSignal>();
        Assert.IsType<InProcessJobSignal>(signal);
        Assert.False(await signal.WaitAsync(NoSignalExpected, CancellationToken.None));

        var wait = signal.WaitAsync(SignalExpected, CancellationToken.None);
        await h.EnqueueAsync();
        Assert.True(await wait);

        await h.EnqueueAsync();
        Assert.True(await signal.WaitAsync(SignalExpected, CancellationToken.None));
        Assert.False(await signal.WaitAsync(NoSignalExpected, CancellationToken.None));
    }

    [Fact]
    public async Task Sqlite_a_committed_event_wakes_the_watchers_of_that_job_only_and_is_announced_for_other_processes()
    {
        await using var h = await JobsHarness.CreateAsync(TestDb.Sqlite);
        var signal = h.Services.GetRequiredService<JobSignal>();
        var first = await h.EnqueueAsync();
        var second = await h.EnqueueAsync();
        var announced = new List<Guid>();
        signal.JobChangeCommitted += id => { lock (announced) { announced.Add(id); } };

        using var firstWatch = signal.WatchJob(first.Id);
        using var secondWatch = signal.WatchJob(second.Id);
        var firstChanged = firstWatch.Next;
        var secondChanged = secondWatch.Next;
        var job = await h.NewQueue().ClaimAsync("worker-1", JobsHarness.Kinds, TimeSpan.FromMinutes(1));

        // Both were enqueued at the same instant of the test clock, so either may be claimed first.
        var (watch, changed, otherChanged) = job!.Id == first.Id
            ? (firstWatch, firstChanged, secondChanged)
            : (secondWatch, secondChanged, firstChanged);
        Assert.True(await JobWatch.WaitAsync(changed, SignalExpected, CancellationToken.None));
        Assert.False(await JobWatch.WaitAsync(otherChanged, NoSignalExpected, CancellationToken.None));
        Assert.False(await JobWatch.WaitAsync(watch.Next, NoSignalExpected, CancellationToken.None));
        lock (announced)
        {
            Assert.Equal([job.Id], announced);
        }

        changed = watch.Next;
        Assert.True(await h.NewQueue().CompleteAsync(job.Id, "worker-1", "{}"));
        Assert.True(await JobWatch.WaitAsync(changed, SignalExpected, CancellationToken.None));
    }

    [Fact]
    public async Task Sqlite_a_change_reported_from_another_process_wakes_the_watchers_until_they_stop_watching()
    {
        await using var h = await JobsHarness.CreateAsync(TestDb.Sqlite);
        var signal = h.Services.GetRequiredService<JobSignal>();
        var jobId = Guid.NewGuid();
        var watch = signal.WatchJob(jobId);
        var changed = watch.Next;

        signal.NotifyJobChanged(jobId);
        Assert.True(await JobWatch.WaitAsync(changed, SignalExpected, CancellationToken.None));

        changed = watch.Next;
        watch.Dispose();
        signal.NotifyJobChanged(jobId);
        Assert.False(await JobWatch.WaitAsync(changed, NoSignalExpected, CancellationToken.None));
    }

    [Fact]
    public async Task PostgreSql_a_committed_event_reaches_the_watchers_in_another_process()
    {
        await using var h = await JobsHarness.CreateAsync(TestDb.PostgreSql);
        var job = await h.EnqueueAsync();

        // A listener of its own, as in the Api process that follows the job for a client.
        await using var signal = new PostgresJobSignal(h.ConnectionString, NullLogger<PostgresJobSignal>.Instance);
        await signal.StartAsync(CancellationToken.None);
        using var watch = signal.WatchJob(job.Id);
        var changed = watch.Next;
        Assert.False(await JobWatch.WaitAsync(changed, NoSignalExpected, CancellationToken.None));

        await h.NewQueue().ClaimAsync("worker-1", JobsHarness.Kinds, TimeSpan.FromMinutes(1));
        Assert.True(await JobWatch.WaitAsync(changed, SignalExpected, CancellationToken.None));
    }
}
