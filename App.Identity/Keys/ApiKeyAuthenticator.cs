using System.Security.Cryptography;
using App.Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Keys;

/// <summary>Checks a presented API key: one indexed read by prefix, a constant-time hash comparison, no write.</summary>
public sealed class ApiKeyAuthenticator(IdentityDbContext db, ApiKeyUsageTracker usage, TimeProvider time)
{
    public async Task<AuthenticationResult> AuthenticateAsync(string? presentedKey, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyFormat.TryParse(presentedKey, out var prefix))
        {
            return AuthenticationResult.Fail("malformed api key");
        }

        var found = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Join(db.Tenants, k => k.TenantId, t => t.Id, (k, t) => new { Key = k, t.Plan })
            .SingleOrDefaultAsync(cancellationToken);

        if (found is null || !CryptographicOperations.FixedTimeEquals(ApiKeyFormat.Hash(presentedKey!), found.Key.Hash))
        {
            return AuthenticationResult.Fail("unknown api key");
        }

        var key = found.Key;
        var now = time.GetUtcNow();
        if (key.RevokedAt is not null)
        {
            return AuthenticationResult.Fail("revoked api key");
        }

        if (key.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return AuthenticationResult.Fail("expired api key");
        }

        usage.Record(key.Id, now);
        var scopes = ParseScopes(key.Scopes);
        var roles = new HashSet<string>([scopes.Contains(ApiKeyScopes.Admin) ? Roles.Admin : Roles.Member], StringComparer.Ordinal);
        return AuthenticationResult.Success(new CallerIdentity(key.TenantId, key.Id.ToString(), roles, scopes, AuthMethod.ApiKey, found.Plan));
    }

    internal static HashSet<string> ParseScopes(string scopes) =>
        new(scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
