using App.Data;
using App.Jobs.Data;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace App.Jobs.Signals;

/// <summary>
/// Wake-ups and job changes over Redis pub/sub (distributed mode), one subscription per process. A Redis message cannot
/// ride on the database transaction, so both go out after the commit: a wake-up from the queue after an enqueue it
/// committed itself and from <see cref="WorkerNudge"/> after the caller committed its own; a change from the queue after
/// it committed the job's new events. A message that is lost (Redis away, a process dying between its commit and the
/// publish) only delays: workers poll, event streams look on their safety timeout, and when the subscription comes back
/// every waiter and watcher of this process looks once.
/// </summary>
public sealed partial class RedisJobSignal : JobSignal
{
    public static readonly RedisChannel EnqueuedChannel = RedisChannel.Literal("app:jobs:enqueued");
    public static readonly RedisChannel ChangedChannel = RedisChannel.Literal("app:jobs:changed");
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisJobSignal> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _startLock = new();
    private readonly Action<RedisChannel, RedisValue> _onEnqueued;
    private readonly Action<RedisChannel, RedisValue> _onChanged;
    private Task? _subscribing;

    public RedisJobSignal(IConnectionMultiplexer redis, ILogger<RedisJobSignal> logger)
    {
        _redis = redis;
        _logger = logger;
        _onEnqueued = (_, _) => Signal();
        _onChanged = (_, message) =>
        {
            if (Guid.TryParse(message.ToString(), out var jobId))
            {
                NotifyJobChanged(jobId);
            }
        };
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>Inside the enqueuing transaction there is nothing to say yet: <see cref="PublishEnqueuedAsync"/> follows the commit.</summary>
    public override Task PublishAsync(JobsDbContext db, string kind, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task PublishEnqueuedAsync() => SendAsync(EnqueuedChannel, RedisValue.EmptyString);

    public override async Task PublishJobChangedAsync(JobsDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        NotifyJobChanged(jobId);
        await SendAsync(ChangedChannel, jobId.ToString("D"));
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_startLock)
        {
            _subscribing ??= Task.Run(() => SubscribeAsync(_stopping.Token), CancellationToken.None);
        }

        return _subscribed.Task.WaitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        await _stopping.CancelAsync();
        if (_subscribing is not null)
        {
            await _subscribing;
        }

        // The connection is the process's, shared with others: take back only this signal's handlers.
        try
        {
            var subscriber = _redis.GetSubscriber();
            await subscriber.UnsubscribeAsync(EnqueuedChannel, _onEnqueued);
            await subscriber.UnsubscribeAsync(ChangedChannel, _onChanged);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
        }

        _stopping.Dispose();
        await base.DisposeAsync();
    }

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        var subscribed = await _redis.SubscribeWhenReachableAsync(
            async subscriber =>
            {
                await subscriber.SubscribeAsync(EnqueuedChannel, _onEnqueued);
                await subscriber.SubscribeAsync(ChangedChannel, _onChanged);
            },
            e => LogSubscribeFailed(e, RetryDelay.TotalSeconds), RetryDelay, stopping);
        if (subscribed)
        {
            _subscribed.TrySetResult();
        }
    }

    /// <summary>StackExchange.Redis subscribes again by itself; what was published meanwhile is gone, so look once.</summary>
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Signal();
            NotifyAllJobsChanged();
        }
    }

    private async Task SendAsync(RedisChannel channel, RedisValue message)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(channel, message);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogPublishFailed(e, channel.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to job signals over Redis; trying again in {Seconds} s (workers and event streams poll meanwhile)")]
    private partial void LogSubscribeFailed(Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not publish on {Channel} over Redis; the others find the change on their next poll")]
    private partial void LogPublishFailed(Exception exception, string channel);
}
