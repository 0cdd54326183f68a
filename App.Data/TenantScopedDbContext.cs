using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>
/// A module's DbContext whose tenant-owned rows are filtered by <see cref="TenantScope"/> (each entity's query filter
/// compares its tenant id with it). Unset means none: a forgotten scope fails closed, and another tenant's row looks
/// exactly like one that does not exist. Code that must search across tenants says so with <c>IgnoreQueryFilters()</c>.
/// </summary>
public abstract class TenantScopedDbContext<TSelf>(DbContextOptions options) : DbContext(options)
    where TSelf : TenantScopedDbContext<TSelf>
{
    public Guid? TenantScope { get; private set; }

    public TSelf ScopeTo(Guid tenantId)
    {
        TenantScope = tenantId;
        return (TSelf)this;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseComparableTimestamps(Database);
}
