using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace App.Data;

public static class ModelConventions
{
    /// <summary>
    /// SQLite has no timestamp type; stored as integer microseconds, timestamps compare and sort in SQL (leases, backoff,
    /// listing, windows) and read back equal to what PostgreSQL keeps.
    /// </summary>
    public static void UseComparableTimestamps(this ModelConfigurationBuilder configurationBuilder, DatabaseFacade database)
    {
        if (database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUnixMicrosecondsConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUnixMicrosecondsConverter>();
        }
    }
}
