using App.Data;
using System.Security.Cryptography;
using App.Identity.Admin;
using App.Identity.Audit;
using App.Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Keys;

/// <summary>First start: the default tenant and an admin key, so there is someone who can create everything else.</summary>
public sealed class IdentityBootstrapper(IdentityDbContext db, AuditLog audit, TimeProvider time)
{
    public const string DefaultTenantName = "default";
    public const string BootstrapKeyName = "bootstrap-admin";

    /// <summary>
    /// With <paramref name="configuredKey"/> (APP_BOOTSTRAP_ADMIN_KEY): makes sure exactly that key exists, every time.
    /// Without: creates a random admin key only if the default tenant has no usable admin key yet, and returns it.
    /// Serialized across processes, so replicas starting together create one key, not one each.
    /// </summary>
    public async Task<BootstrapResult> EnsureBootstrapAdminKeyAsync(string? configuredKey, CancellationToken cancellationToken = default)
    {
        if (configuredKey is not null && !ApiKeyFormat.TryParse(configuredKey, out _))
        {
            throw new InvalidOperationException(
                "APP_BOOTSTRAP_ADMIN_KEY must look like sk_<8 lower-case letters or digits>_<43+ base64url characters>.");
        }

        var now = time.GetUtcNow();
        BootstrapResult result;
        await using (var transaction = await db.BeginSerializedTransactionAsync(IdentityLocks.Bootstrap, cancellationToken))
        {
            if (!await db.Tenants.AnyAsync(t => t.Id == Tenant.DefaultId, cancellationToken))
            {
                db.Tenants.Add(new Tenant { Id = Tenant.DefaultId, Name = DefaultTenantName, Plan = Plans.Pro, CreatedAt = now });
            }

            result = configuredKey is null
                ? await EnsureGeneratedAsync(now, cancellationToken)
                : await EnsureConfiguredAsync(configuredKey, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (result.KeyId is { } keyId)
        {
            await audit.AppendAsync(new AuditRecord(Tenant.DefaultId, "system", "api_key.bootstrap", keyId.ToString(), AuditRecord.Succeeded), cancellationToken);
        }

        return result;
    }

    private async Task<BootstrapResult> EnsureConfiguredAsync(string configuredKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ApiKeyFormat.TryParse(configuredKey, out var prefix);
        var hash = ApiKeyFormat.Hash(configuredKey);
        var existing = await db.ApiKeys.IgnoreQueryFilters().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (existing is not null)
        {
            if (!CryptographicOperations.FixedTimeEquals(existing.Hash, hash))
            {
                throw new InvalidOperationException("APP_BOOTSTRAP_ADMIN_KEY has the prefix of another key; choose a different key.");
            }

            return new BootstrapResult(existing.TenantId, null, null);
        }

        var key = AdminKey(prefix, hash, now);
        db.ApiKeys.Add(key);
        return new BootstrapResult(Tenant.DefaultId, key.Id, null);
    }

    private async Task<BootstrapResult> EnsureGeneratedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var usable = await db.ScopeTo(Tenant.DefaultId).ApiKeys
            .Where(k => k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now))
            .Select(k => k.Scopes)
            .ToListAsync(cancellationToken);
        if (usable.Any(s => ApiKeyAuthenticator.ParseScopes(s).Contains(ApiKeyScopes.Admin)))
        {
            return new BootstrapResult(Tenant.DefaultId, null, null);
        }

        var secret = ApiKeyFormat.Generate(out var prefix);
        var key = AdminKey(prefix, ApiKeyFormat.Hash(secret), now);
        db.ApiKeys.Add(key);
        return new BootstrapResult(Tenant.DefaultId, key.Id, secret);
    }

    private static ApiKey AdminKey(string prefix, byte[] hash, DateTimeOffset now) =>
        ApiKeyAdminService.NewKeyRow(
            Tenant.DefaultId,
            new NewApiKey(BootstrapKeyName, [.. ApiKeyScopes.All], ServiceName: BootstrapKeyName),
            prefix,
            hash,
            now);
}
