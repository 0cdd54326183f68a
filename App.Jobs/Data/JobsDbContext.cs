using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Jobs.Data;

/// <summary>
/// The jobs module's tables. Api may add its own rows to this context and enqueue inside the same transaction,
/// so a job and whatever refers to it commit together or not at all.
/// </summary>
public sealed class JobsDbContext(DbContextOptions<JobsDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__jobs_migrations";

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<JobEvent> JobEvents => Set<JobEvent>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseComparableTimestamps(Database);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Job>(e =>
        {
            e.ToTable("jobs");
            e.HasKey(j => j.Id);
            e.Property(j => j.Id).ValueGeneratedNever();
            e.Property(j => j.Kind).HasMaxLength(JobLimits.KindLength);
            e.Property(j => j.Status).HasMaxLength(16);
            e.Property(j => j.LeaseOwner).HasMaxLength(JobLimits.WorkerIdLength);
            e.Property(j => j.ErrorCode).HasMaxLength(JobLimits.ErrorCodeLength);
            e.Property(j => j.ErrorMessage).HasMaxLength(JobLimits.ErrorMessageLength);
            e.Property(j => j.ContentHash).HasMaxLength(128);
            e.Property(j => j.CallbackUrl).HasMaxLength(2048);
            e.Property(j => j.TraceParent).HasMaxLength(128);
            e.Property(j => j.BlobKey).HasMaxLength(64);
            e.HasIndex(j => new { j.Status, j.NotBefore });
            e.HasIndex(j => new { j.TenantId, j.CreatedAt });
            e.HasIndex(j => new { j.TenantId, j.Kind, j.ContentHash });
            e.HasIndex(j => j.BatchId);
        });

        modelBuilder.Entity<JobEvent>(e =>
        {
            e.ToTable("job_events");
            e.HasKey(v => v.Sequence);
            e.Property(v => v.Sequence).ValueGeneratedOnAdd();
            e.Property(v => v.Type).HasMaxLength(16);
            e.Property(v => v.Status).HasMaxLength(16);
            e.HasIndex(v => new { v.JobId, v.Sequence });
            e.HasOne<Job>().WithMany().HasForeignKey(v => v.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(w => w.Id);
            e.Property(w => w.Id).ValueGeneratedNever();
            e.Property(w => w.Url).HasMaxLength(2048);
            e.Property(w => w.Outcome).HasMaxLength(16);
            e.HasIndex(w => new { w.Outcome, w.NextAttemptAt });
            e.HasIndex(w => w.JobId);
            e.HasOne<Job>().WithMany().HasForeignKey(w => w.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        SnakeCaseNames.Apply(modelBuilder);
    }
}
