using App.Jobs.Data;
using App.Jobs.Signals;
using App.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace App.Jobs.Tests;

/// <summary>
/// Wake-ups and job changes over a real Redis between two processes (distributed mode): the harness is the enqueuing
/// api with a connection of its own, <see cref="Other"/> a worker or an api following a job with another.
/// </summary>
public sealed class RedisSignalTests : IAsyncLifetime
{
    private static readonly TimeSpan NoSignalExpected = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan SignalExpected = TimeSpan.FromSeconds(30);

    private RedisServer _redis = null!;
    private ConnectionMultiplexer _apiConnection = null!;
    private ConnectionMultiplexer _otherConnection = null!;
    private JobsHarness _h = null!;

    private RedisJobSignal Other { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _apiConnection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _otherConnection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _h = await JobsHarness.CreateAsync(TestDb.PostgreSql, services: s => s.AddSingleton<JobSignal>(
            new RedisJobSignal(_apiConnection, NullLogger<RedisJobSignal>.Instance)));
        Other = new RedisJobSignal(_otherConnection, NullLogger<RedisJobSignal>.Instance);
        await Other.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_enqueue_wakes_a_worker_in_another_process_once_it_committed_and_was_announced()
    {
        Assert.False(await Other.WaitAsync(NoSignalExpected, CancellationToken.None));

        // In the caller's transaction: nothing before the commit, nor at it; the caller's nudge after it wakes the worker.
        var scope = _h.NewScope();
        await using (var transaction = await scope.GetRequiredService<JobsDbContext>().Database.BeginTransactionAsync())
        {
            await scope.GetRequiredService<JobQueue>().EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
            Assert.False(await Other.WaitAsync(NoSignalExpected, CancellationToken.None));
            await transaction.CommitAsync();
        }

        Assert.False(await Other.WaitAsync(NoSignalExpected, CancellationToken.None));
        var wait = Other.WaitAsync(SignalExpected, CancellationToken.None);
        Nudge().JobsEnqueued();
        Assert.True(await wait);

        // In a transaction of the queue's own, the queue announces it.
        wait = Other.WaitAsync(SignalExpected, CancellationToken.None);
        await _h.EnqueueAsync();
        Assert.True(await wait);
    }

    [Fact]
    public async Task A_committed_event_reaches_the_watchers_of_that_job_in_another_process_only()
    {
        var job = await EnqueueUnannouncedAsync("speech-screening");
        var unrelated = await EnqueueUnannouncedAsync("document-ingestion");
        using var watch = Other.WatchJob(job.Id);
        using var otherWatch = Other.WatchJob(unrelated.Id);
        var changed = watch.Next;
        var otherChanged = otherWatch.Next;
        Assert.False(await JobWatch.WaitAsync(changed, NoSignalExpected, CancellationToken.None));

        Assert.NotNull(await _h.NewQueue().ClaimAsync("worker-1", ["speech-screening"], TimeSpan.FromMinutes(1)));

        Assert.True(await JobWatch.WaitAsync(changed, SignalExpected, CancellationToken.None));
        Assert.False(await JobWatch.WaitAsync(otherChanged, NoSignalExpected, CancellationToken.None));
    }

    [Fact]
    public async Task Without_redis_jobs_still_enqueue_and_waits_time_out_and_when_it_returns_everyone_looks_once_and_signals_flow_again()
    {
        var job = await EnqueueUnannouncedAsync("speech-screening");
        using var watch = Other.WatchJob(job.Id);
        var gone = _redis;
        await gone.KillAsync();

        // Enqueuing and announcing never fail for Redis: a worker finds the job on its poll.
        await _h.EnqueueAsync();
        Nudge().JobsEnqueued();
        Assert.False(await Other.WaitAsync(NoSignalExpected, CancellationToken.None));

        // Back on the same address: the subscription returns by itself and makes waiters and watchers look once.
        var changed = watch.Next;
        _redis = await RedisServer.StartAsync(gone.Port);
        await gone.DisposeAsync();
        Assert.True(await Other.WaitAsync(SignalExpected, CancellationToken.None));
        Assert.True(await JobWatch.WaitAsync(changed, SignalExpected, CancellationToken.None));

        var woken = await Eventually.UntilAsync(
            async () =>
            {
                var wait = Other.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
                await _h.EnqueueAsync();
                return await wait;
            },
            w => w, SignalExpected, _ => "enqueues no longer wake the other process after Redis returned");
        Assert.True(woken);
    }

    /// <summary>
    /// A job enqueued in a caller's transaction that nobody announces (no nudge): no message about it is on its way, so a
    /// watch set up afterwards starts quiet. One enqueued by the queue alone publishes its first change after the commit,
    /// which could reach a watch set up after the enqueue returned.
    /// </summary>
    private async Task<JobInfo> EnqueueUnannouncedAsync(string kind)
    {
        var scope = _h.NewScope();
        await using var transaction = await scope.GetRequiredService<JobsDbContext>().Database.BeginTransactionAsync();
        var job = await scope.GetRequiredService<JobQueue>().EnqueueAsync(new NewJob(JobsHarness.TenantA, kind, "{}"));
        await transaction.CommitAsync();
        return job;
    }

    /// <summary>The nudge as the api has it (PostgreSQL, so not over HTTP) on the harness's signal.</summary>
    private WorkerNudge Nudge() => new(
        new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
        _h.Services.GetRequiredService<JobSignal>(),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:appdb"] = _h.ConnectionString }).Build(),
        NullLogger<WorkerNudge>.Instance);

    public async Task DisposeAsync()
    {
        await Other.DisposeAsync();
        await _h.DisposeAsync();
        await _apiConnection.DisposeAsync();
        await _otherConnection.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
