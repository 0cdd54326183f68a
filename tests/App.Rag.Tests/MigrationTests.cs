using App.KnowledgeBase.Data;
using Microsoft.Extensions.Hosting;

namespace App.Rag.Tests;

public sealed class MigrationTests : App.Testing.MigrationTests<RagDbContext>
{
    protected override void AddModule(IHostApplicationBuilder builder) => builder.AddRagServices();
}
