using App.Jobs.Data;
using Microsoft.Extensions.Hosting;

namespace App.Jobs.Tests;

public sealed class MigrationTests : App.Testing.MigrationTests<JobsDbContext>
{
    protected override void AddModule(IHostApplicationBuilder builder) => builder.AddJobs();
}
