using App.Identity.Audit;
using App.Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Admin;

/// <summary>Create, list and update tenants; platform administrators only.</summary>
public sealed class TenantAdminService(IdentityDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<TenantSummary> CreateAsync(CallerIdentity caller, NewTenant request, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandPlatformAdmin(caller);
        var tenant = new Tenant { Id = Guid.NewGuid(), Name = RequireName(request.Name), Plan = RequirePlan(request.Plan), CreatedAt = time.GetUtcNow() };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(tenant.Id, caller.Subject, "tenant.create", tenant.Id.ToString(), AuditRecord.Succeeded), cancellationToken);
        return ToSummary(tenant);
    }

    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CallerIdentity caller, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandPlatformAdmin(caller);
        var tenants = await db.Tenants.AsNoTracking().ToListAsync(cancellationToken);
        return tenants.OrderBy(t => t.CreatedAt).Select(ToSummary).ToList();
    }

    public async Task<TenantSummary?> UpdateAsync(CallerIdentity caller, Guid tenantId, TenantUpdate update, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandPlatformAdmin(caller);
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        tenant.Name = update.Name is null ? tenant.Name : RequireName(update.Name);
        tenant.Plan = update.Plan is null ? tenant.Plan : RequirePlan(update.Plan);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(tenantId, caller.Subject, "tenant.update", tenantId.ToString(), AuditRecord.Succeeded), cancellationToken);
        return ToSummary(tenant);
    }

    private static string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A tenant needs a name.", nameof(name)) : name.Trim();

    private static string RequirePlan(string plan) =>
        Plans.IsKnown(plan) ? plan : throw new ArgumentException($"Unknown plan '{plan}'.", nameof(plan));

    private static TenantSummary ToSummary(Tenant t) => new(t.Id, t.Name, t.Plan, t.CreatedAt);
}
