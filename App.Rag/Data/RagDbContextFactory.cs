using App.Data;

namespace App.Rag.Data;

/// <summary>For <c>dotnet ef</c> only (scripts/add-migration.sh).</summary>
public sealed class RagDbContextFactory()
    : AppDesignTimeDbContextFactory<RagDbContext>(RagDbContext.MigrationsHistoryTable, options => new(options));
