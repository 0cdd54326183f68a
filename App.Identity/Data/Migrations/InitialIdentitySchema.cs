using App.Data.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Identity.Data.Migrations;

/// <summary>
/// Written by hand: the feed has no EF Core Design package to scaffold it. Column types are left to the provider
/// except timestamps, which SQLite stores as integer microseconds (see <see cref="IdentityDbContext"/>).
/// </summary>
[DbContext(typeof(IdentityDbContext))]
[Migration("20261122000000_InitialIdentitySchema")]
public sealed class InitialIdentitySchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var timestamp = ColumnTypes.Timestamp(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "tenants",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(maxLength: 200, nullable: false),
                plan = table.Column<string>(maxLength: 32, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_tenants", x => x.id));

        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                email = table.Column<string>(nullable: false),
                email_lookup = table.Column<byte[]>(nullable: false),
                role = table.Column<string>(maxLength: 32, nullable: false),
                external_subject = table.Column<string>(maxLength: 256, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_users", x => x.id);
                table.ForeignKey("FK_users_tenants_tenant_id", x => x.tenant_id, "tenants", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: true),
                service_name = table.Column<string>(maxLength: 200, nullable: true),
                name = table.Column<string>(maxLength: 200, nullable: false),
                prefix = table.Column<string>(maxLength: 16, nullable: false),
                hash = table.Column<byte[]>(nullable: false),
                scopes = table.Column<string>(maxLength: 200, nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
                revoked_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
                last_used_at = table.Column<DateTimeOffset>(type: timestamp, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_api_keys", x => x.id);
                table.ForeignKey("FK_api_keys_tenants_tenant_id", x => x.tenant_id, "tenants", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_api_keys_users_user_id", x => x.user_id, "users", "id");
            });

        migrationBuilder.CreateTable(
            name: "plan_limits",
            columns: table => new
            {
                plan = table.Column<string>(maxLength: 32, nullable: false),
                policy = table.Column<string>(maxLength: 64, nullable: false),
                permit_limit = table.Column<int>(nullable: false),
                window_seconds = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_plan_limits", x => new { x.plan, x.policy }));

        migrationBuilder.CreateTable(
            name: "audit_entries",
            columns: table => new
            {
                sequence = table.Column<long>(nullable: false),
                tenant_id = table.Column<Guid>(nullable: true),
                actor = table.Column<string>(maxLength: 256, nullable: false),
                action = table.Column<string>(maxLength: 128, nullable: false),
                target = table.Column<string>(maxLength: 256, nullable: false),
                occurred_at = table.Column<DateTimeOffset>(type: timestamp, nullable: false),
                client_ip = table.Column<string>(maxLength: 64, nullable: true),
                outcome = table.Column<string>(maxLength: 32, nullable: false),
                previous_hash = table.Column<byte[]>(nullable: false),
                hash = table.Column<byte[]>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_audit_entries", x => x.sequence));

        migrationBuilder.CreateTable(
            name: "rate_limit_counters",
            columns: table => new
            {
                policy = table.Column<string>(maxLength: 64, nullable: false),
                partition_key = table.Column<string>(maxLength: 200, nullable: false),
                window_start = table.Column<long>(nullable: false),
                count = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_rate_limit_counters", x => new { x.policy, x.partition_key, x.window_start }));

        migrationBuilder.CreateIndex("IX_users_tenant_id_email_lookup", "users", ["tenant_id", "email_lookup"], unique: true);
        migrationBuilder.CreateIndex("IX_users_tenant_id_external_subject", "users", ["tenant_id", "external_subject"], unique: true);
        migrationBuilder.CreateIndex("IX_api_keys_prefix", "api_keys", "prefix", unique: true);
        migrationBuilder.CreateIndex("IX_api_keys_tenant_id", "api_keys", "tenant_id");
        migrationBuilder.CreateIndex("IX_api_keys_user_id", "api_keys", "user_id");
        migrationBuilder.CreateIndex("IX_audit_entries_tenant_id_sequence", "audit_entries", ["tenant_id", "sequence"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("rate_limit_counters");
        migrationBuilder.DropTable("audit_entries");
        migrationBuilder.DropTable("plan_limits");
        migrationBuilder.DropTable("api_keys");
        migrationBuilder.DropTable("users");
        migrationBuilder.DropTable("tenants");
    }
}
