namespace App.Identity.Keys;

/// <summary>
/// Makes a revocation take effect in the processes that check keys. This one drops the key's cached row in this process
/// only, so another process (the gateway, when the api revokes) refuses the key within <see cref="ApiKeyOptions.CacheSeconds"/>;
/// with Redis (distributed mode) <see cref="RedisApiKeyRevocations"/> tells every process at once.
/// </summary>
public class ApiKeyRevocations(ApiKeyAuthenticator authenticator)
{
    /// <summary>Called after the revocation committed.</summary>
    public virtual Task PublishAsync(string prefix, CancellationToken cancellationToken)
    {
        ForgetHere(prefix);
        return Task.CompletedTask;
    }

    /// <summary>Drops the key's cached row in this process, so its next use reads the database.</summary>
    protected void ForgetHere(string prefix) => authenticator.Forget(prefix);
}
