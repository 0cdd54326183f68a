using App.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace App.Identity.Keys;

/// <summary>
/// Revocations over Redis pub/sub: the revoking process publishes the key's prefix and every subscribed process (each
/// gateway replica) drops its cached row when the message arrives, instead of up to <see cref="ApiKeyOptions.CacheSeconds"/>
/// later. A hint, never the record: the database holds the revocation, so a message lost while Redis is away (or before
/// a process subscribed) only falls back to the cache lifetime. StackExchange.Redis subscribes again after a reconnect.
/// </summary>
public sealed partial class RedisApiKeyRevocations(
    IConnectionMultiplexer redis, ApiKeyAuthenticator authenticator, ILogger<RedisApiKeyRevocations> logger)
    : ApiKeyRevocations(authenticator), IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("app:api-keys:revoked");
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _subscribing;

    public override async Task PublishAsync(string prefix, CancellationToken cancellationToken)
    {
        ForgetHere(prefix);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, prefix);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogPublishFailed(e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // In the background: a service starts (and serves, on the cache lifetime) while Redis is unreachable.
        _subscribing = SubscribeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_subscribing is not null)
        {
            await _subscribing.WaitAsync(cancellationToken);
        }
    }

    private Task SubscribeAsync(CancellationToken stopping) => redis.SubscribeWhenReachableAsync(
        subscriber => subscriber.SubscribeAsync(Channel, (_, prefix) => Forget(prefix)),
        e => LogSubscribeFailed(e, RetryDelay.TotalSeconds), RetryDelay, stopping);

    private void Forget(RedisValue prefix)
    {
        if (prefix.HasValue)
        {
            ForgetHere(prefix.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish an API key revocation over Redis; other processes refuse the key when their cached row expires")]
    private partial void LogPublishFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to API key revocations over Redis; trying again in {Seconds} s (revocations by other processes take effect when cached rows expire)")]
    private partial void LogSubscribeFailed(Exception exception, double seconds);
}
