using App.Data;
using App.Identity.Protection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Identity.Data;

/// <summary>
/// For <c>dotnet ef</c> only (scripts/add-migration.sh): the context on the provider named by <c>-- --provider</c>. The
/// protector's keys shape no column, so throwaway ones do.
/// </summary>
public sealed class IdentityDbContextFactory : IDesignTimeDbContextFactory<IdentityDbContext>
{
    public IdentityDbContext CreateDbContext(string[] args) =>
        new(
            DesignTimeDatabase.Options<IdentityDbContext>(args, IdentityDbContext.MigrationsHistoryTable),
            new PersonalDataProtector(new EphemeralDataProtectionProvider(), new LookupHashKey(new byte[32])));
}
