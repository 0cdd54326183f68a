using System.Security.Cryptography;
using App.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Identity.Keys;

/// <summary>
/// Checks a presented API key: a constant-time hash comparison against the key's row, read by prefix. Rows are kept in
/// memory for <see cref="ApiKeyOptions.CacheSeconds"/>, so a busy key costs no database round trip; a revocation in this
/// process drops the row at once (<see cref="Forget"/>), one in another process (the api revokes, the gateway checks)
/// takes effect within that lifetime. Unknown prefixes are never cached, so random keys cannot fill the memory.
/// </summary>
public sealed class ApiKeyAuthenticator(
    IServiceScopeFactory scopes, IMemoryCache cache, ApiKeyUsageTracker usage, IOptions<ApiKeyOptions> options, TimeProvider time)
{
    public async ValueTask<AuthenticationResult> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyFormat.TryParse(presentedKey, out var prefix))
        {
            return AuthenticationResult.Fail("malformed api key");
        }

        var key = cache.TryGetValue(CacheKey(prefix), out KnownKey? cached) && cached is not null
            ? cached
            : await LoadAsync(prefix, cancellationToken);
        if (key is null || !CryptographicOperations.FixedTimeEquals(ApiKeyFormat.Hash(presentedKey!), key.Hash))
        {
            return AuthenticationResult.Fail("unknown api key");
        }

        var now = time.GetUtcNow();
        if (key.Revoked)
        {
            return AuthenticationResult.Fail("revoked api key");
        }

        if (key.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return AuthenticationResult.Fail("expired api key");
        }

        usage.Record(key.Id, now);
        return key.Success;
    }

    /// <summary>Drops a key's cached row in this process (after a revocation), so its next use reads the database.</summary>
    public void Forget(string prefix) => cache.Remove(CacheKey(prefix));

    private async Task<KnownKey?> LoadAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var found = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Join(db.Tenants, k => k.TenantId, t => t.Id, (k, t) => new { Key = k, t.Plan })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var row = found.Key;
        var scopeSet = ParseScopes(row.Scopes);
        var roles = new HashSet<string>([scopeSet.Contains(ApiKeyScopes.Admin) ? Roles.Admin : Roles.Member], StringComparer.Ordinal);
        var caller = new CallerIdentity(row.TenantId, row.Id.ToString(), roles, scopeSet, AuthMethod.ApiKey, found.Plan);
        var key = new KnownKey(row.Id, row.Hash, row.RevokedAt is not null, row.ExpiresAt, AuthenticationResult.Success(caller));
        var lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(CacheKey(prefix), key, lifetime);
        }

        return key;
    }

    private static (Type, string) CacheKey(string prefix) => (typeof(ApiKeyAuthenticator), prefix);

    internal static HashSet<string> ParseScopes(string scopes) =>
        new(scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    /// <summary>A key's row as authentication needs it; the successful result is built once and shared by every request.</summary>
    private sealed record KnownKey(Guid Id, byte[] Hash, bool Revoked, DateTimeOffset? ExpiresAt, AuthenticationResult Success);
}
