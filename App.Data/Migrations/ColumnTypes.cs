using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Data.Migrations;

public static class ColumnTypes
{
    public static string Timestamp(MigrationBuilder migrationBuilder) =>
        migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite" ? "INTEGER" : "timestamp with time zone";
}
