using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace App.Jobs.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddJobTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "jobs",
                type: "TEXT",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "jobs");
        }
    }
}
