using System.Collections.Concurrent;
using App.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Keys;

/// <summary>
/// Remembers when keys were used and writes it in batches, so authentication never costs a write per request.
/// A crash loses at most one flush interval of last-used times, which only inform humans.
/// </summary>
public sealed class ApiKeyUsageTracker(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> pending = new();

    public int PendingCount => pending.Count;

    public void Record(Guid keyId, DateTimeOffset usedAt) =>
        pending.AddOrUpdate(keyId, usedAt, (_, previous) => usedAt > previous ? usedAt : previous);

    /// <summary>Writes one update per key used since the last flush; returns how many keys were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (pending.IsEmpty)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var written = 0;
        foreach (var keyId in pending.Keys)
        {
            if (!pending.TryRemove(keyId, out var usedAt))
            {
                continue;
            }

            // Never move the time backwards when another replica flushed a later use first.
            await db.ApiKeys.IgnoreQueryFilters()
                .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < usedAt))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
            written++;
        }

        return written;
    }
}
