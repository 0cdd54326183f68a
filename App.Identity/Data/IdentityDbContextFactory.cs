using App.Data;
using App.Identity.Protection;
using Microsoft.AspNetCore.DataProtection;

namespace App.Identity.Data;

/// <summary>For <c>dotnet ef</c> only (scripts/add-migration.sh). The protector's keys shape no column, so throwaway ones do.</summary>
public sealed class IdentityDbContextFactory() : AppDesignTimeDbContextFactory<IdentityDbContext>(
    IdentityDbContext.MigrationsHistoryTable,
    options => new(options, new PersonalDataProtector(new EphemeralDataProtectionProvider(), new LookupHashKey(new byte[32]))));
