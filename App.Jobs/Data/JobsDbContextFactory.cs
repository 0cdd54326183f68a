using App.Data;

namespace App.Jobs.Data;

/// <summary>For <c>dotnet ef</c> only (scripts/add-migration.sh).</summary>
public sealed class JobsDbContextFactory()
    : AppDesignTimeDbContextFactory<JobsDbContext>(JobsDbContext.MigrationsHistoryTable, options => new(options));
