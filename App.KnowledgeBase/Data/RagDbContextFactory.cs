using App.Data;

namespace App.KnowledgeBase.Data;

/// <summary>For <c>dotnet ef</c> only (scripts/add-migration.sh).</summary>
public sealed class RagDbContextFactory()
    : AppDesignTimeDbContextFactory<RagDbContext>(RagDbContext.MigrationsHistoryTable, options => new(options));
