using App.Identity.Data;
using Microsoft.Extensions.Hosting;

namespace App.Identity.Tests;

public sealed class MigrationTests : App.Testing.MigrationTests<IdentityDbContext>
{
    protected override void AddModule(IHostApplicationBuilder builder) => builder.AddAppIdentity();
}
