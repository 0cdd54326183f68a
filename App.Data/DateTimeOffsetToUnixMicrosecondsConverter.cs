using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace App.Data;

/// <summary>Microseconds, the same precision PostgreSQL keeps, so a value reads back equal on both databases.</summary>
public sealed class DateTimeOffsetToUnixMicrosecondsConverter()
    : ValueConverter<DateTimeOffset, long>(
        v => (v.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond,
        v => new DateTimeOffset(DateTimeOffset.UnixEpoch.Ticks + (v * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero));
