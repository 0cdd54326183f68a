using App.Data;
using App.Identity.Protection;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Data;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options, PersonalDataProtector protector)
    : TenantScopedDbContext<IdentityDbContext>(options)
{
    public const string MigrationsHistoryTable = "__identity_migrations";

    internal PersonalDataProtector Protector => protector;

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<User> Users => Set<User>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<PlanLimit> PlanLimits => Set<PlanLimit>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(e =>
        {
            e.ToTable("tenants");
            e.HasKey(t => t.Id);
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.Plan).HasMaxLength(32);
        });

        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.Property(u => u.Email).HasConversion(protector.CreateConverter(PersonalDataProtector.EmailPurpose));
            e.Property(u => u.Role).HasMaxLength(32);
            e.Property(u => u.ExternalSubject).HasMaxLength(256);
            e.HasIndex(u => new { u.TenantId, u.EmailLookup }).IsUnique();
            e.HasIndex(u => new { u.TenantId, u.ExternalSubject }).IsUnique();
            e.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId);
            e.HasQueryFilter(u => u.TenantId == TenantScope);
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Name).HasMaxLength(200);
            e.Property(k => k.ServiceName).HasMaxLength(200);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.Scopes).HasMaxLength(200);
            e.HasIndex(k => k.Prefix).IsUnique();
            e.HasIndex(k => k.TenantId);
            e.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId);
            e.HasOne<User>().WithMany().HasForeignKey(k => k.UserId);
            e.HasQueryFilter(k => k.TenantId == TenantScope);
        });

        modelBuilder.Entity<PlanLimit>(e =>
        {
            e.ToTable("plan_limits");
            e.HasKey(p => new { p.Plan, p.Policy });
            e.Property(p => p.Plan).HasMaxLength(32);
            e.Property(p => p.Policy).HasMaxLength(64);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(128);
            e.Property(a => a.Target).HasMaxLength(256);
            e.Property(a => a.ClientIp).HasMaxLength(64);
            e.Property(a => a.Outcome).HasMaxLength(32);
            e.HasIndex(a => new { a.TenantId, a.Sequence });
        });

        modelBuilder.Entity<RateLimitCounter>(e =>
        {
            e.ToTable("rate_limit_counters");
            e.HasKey(c => new { c.Policy, c.PartitionKey, c.WindowStart });
            e.Property(c => c.Policy).HasMaxLength(64);
            e.Property(c => c.PartitionKey).HasMaxLength(200);
        });

        SnakeCaseNames.Apply(modelBuilder);
    }
}
