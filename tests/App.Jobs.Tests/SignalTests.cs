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
}
