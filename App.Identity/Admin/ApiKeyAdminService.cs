using App.Identity.Audit;
using App.Identity.Data;
using App.Identity.Keys;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Admin;

/// <summary>Create, list and revoke API keys; every query runs inside the target tenant's scope.</summary>
public sealed class ApiKeyAdminService(IdentityDbContext db, AuditLog audit, ApiKeyRevocations revocations, TimeProvider time)
{
    public async Task<CreatedApiKey> CreateAsync(CallerIdentity caller, Guid tenantId, NewApiKey request, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandTenantAdmin(caller, tenantId);
        var unknown = request.Scopes.Where(s => !ApiKeyScopes.IsKnown(s)).ToList();
        if (request.Scopes.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"Scopes must be some of: {string.Join(", ", ApiKeyScopes.All)}.", nameof(request));
        }

        db.ScopeTo(tenantId);
        if (request.UserId is { } userId && !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw new ArgumentException("The user does not belong to this tenant.", nameof(request));
        }

        var secret = ApiKeyFormat.Generate(out var prefix);
        var key = NewKeyRow(tenantId, request, prefix, ApiKeyFormat.Hash(secret), time.GetUtcNow());
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(tenantId, caller.Subject, "api_key.create", key.Id.ToString(), AuditRecord.Succeeded), cancellationToken);
        return new CreatedApiKey(ToSummary(key), secret);
    }

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CallerIdentity caller, Guid tenantId, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandTenantAdmin(caller, tenantId);
        var keys = await db.ScopeTo(tenantId).ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(k => k.CreatedAt).Select(ToSummary).ToList();
    }

    /// <summary>Revokes a key of the tenant; false when the tenant has no such key (whatever other tenants have).</summary>
    public async Task<bool> RevokeAsync(CallerIdentity caller, Guid tenantId, Guid keyId, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandTenantAdmin(caller, tenantId);
        var key = await db.ScopeTo(tenantId).ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
        {
            return false;
        }

        key.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await revocations.PublishAsync(key.Prefix, cancellationToken);
        await audit.AppendAsync(new AuditRecord(tenantId, caller.Subject, "api_key.revoke", keyId.ToString(), AuditRecord.Succeeded), cancellationToken);
        return true;
    }

    internal static ApiKey NewKeyRow(Guid tenantId, NewApiKey request, string prefix, byte[] hash, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenantId,
        UserId = request.UserId,
        ServiceName = request.ServiceName,
        Name = request.Name,
        Prefix = prefix,
        Hash = hash,
        Scopes = string.Join(' ', request.Scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        ExpiresAt = request.ExpiresAt,
        CreatedAt = now,
    };

    private static ApiKeySummary ToSummary(ApiKey k) => new(
        k.Id, k.TenantId, k.Name, k.Prefix, ApiKeyAuthenticator.ParseScopes(k.Scopes).Order(StringComparer.Ordinal).ToList(),
        k.UserId, k.ServiceName, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt);
}
