using App.Data.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace App.Jobs.Data.Migrations;

/// <summary>
/// Written by hand: the feed has no EF Core Design package to scaffold it. Column types are left to the provider
/// except timestamps, which SQLite stores as integer microseconds (see <see cref="JobsDbContext"/>).
/// </summary>
[DbContext(typeof(JobsDbContext))]
[Migration("20261122000000_InitialJobsSchema")]
public sealed class InitialJobsSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var timestamp = ColumnTypes.Timestamp(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "jobs",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                kind = table.Column<string>(maxLength: 64, nullable: false),
                status = table.Column<string>(maxLength: 16, nullable: false),
                progress = table.Column<int>(nullable: false),
                attempts = table.Column<int>(nullable: false),
                max_attempts = table.Column<int>(nullable: false),
                priority = table.Column<int>(nullable: false),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
                not_before = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
                started_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                finished_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                lease_owner = table.Column<string>(maxLength: 200, nullable: true),
                lease_expires_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                input = table.Column<string>(nullable: false),
                result = table.Column<string>(nullable: true),
                error_code = table.Column<string>(maxLength: 64, nullable: true),
                error_message = table.Column<string>(maxLength: 2000, nullable: true),
                content_hash = table.Column<string>(maxLength: 128, nullable: true),
                batch_id = table.Column<Guid>(nullable: true),
                callback_url = table.Column<string>(maxLength: 2048, nullable: true),
                blob_key = table.Column<string>(maxLength: 64, nullable: true),
                blob_purged_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_jobs", x => x.id));

        migrationBuilder.CreateTable(
            name: "job_events",
            columns: table => new
            {
                sequence = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                job_id = table.Column<Guid>(nullable: false),
                at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
                type = table.Column<string>(maxLength: 16, nullable: false),
                progress = table.Column<int>(nullable: false),
                status = table.Column<string>(maxLength: 16, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_job_events", x => x.sequence);
                table.ForeignKey("FK_job_events_jobs_job_id", x => x.job_id, "jobs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "webhook_deliveries",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                job_id = table.Column<Guid>(nullable: false),
                url = table.Column<string>(maxLength: 2048, nullable: false),
                attempt = table.Column<int>(nullable: false),
                status_code = table.Column<int>(nullable: true),
                outcome = table.Column<string>(maxLength: 16, nullable: false),
                next_attempt_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_webhook_deliveries", x => x.id);
                table.ForeignKey("FK_webhook_deliveries_jobs_job_id", x => x.job_id, "jobs", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_jobs_status_not_before", "jobs", ["status", "not_before"]);
        migrationBuilder.CreateIndex("IX_jobs_tenant_id_created_at", "jobs", ["tenant_id", "created_at"]);
        migrationBuilder.CreateIndex("IX_jobs_tenant_id_kind_content_hash", "jobs", ["tenant_id", "kind", "content_hash"]);
        migrationBuilder.CreateIndex("IX_jobs_batch_id", "jobs", "batch_id");
        migrationBuilder.CreateIndex("IX_job_events_job_id_sequence", "job_events", ["job_id", "sequence"]);
        migrationBuilder.CreateIndex("IX_webhook_deliveries_outcome_next_attempt_at", "webhook_deliveries", ["outcome", "next_attempt_at"]);
        migrationBuilder.CreateIndex("IX_webhook_deliveries_job_id", "webhook_deliveries", "job_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("webhook_deliveries");
        migrationBuilder.DropTable("job_events");
        migrationBuilder.DropTable("jobs");
    }
}
