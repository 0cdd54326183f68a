using App.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Jobs.Data;

/// <summary>For <c>dotnet ef</c> only (scripts/add-migration.sh): the context on the provider named by <c>-- --provider</c>.</summary>
public sealed class JobsDbContextFactory : IDesignTimeDbContextFactory<JobsDbContext>
{
    public JobsDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDatabase.Options<JobsDbContext>(args, JobsDbContext.MigrationsHistoryTable));
}
