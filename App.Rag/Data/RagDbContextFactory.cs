using App.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Rag.Data;

/// <summary>For <c>dotnet ef</c> only (scripts/add-migration.sh): the context on the provider named by <c>-- --provider</c>.</summary>
public sealed class RagDbContextFactory : IDesignTimeDbContextFactory<RagDbContext>
{
    public RagDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDatabase.Options<RagDbContext>(args, RagDbContext.MigrationsHistoryTable));
}
