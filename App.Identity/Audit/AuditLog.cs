using App.Data;
using System.Security.Cryptography;
using App.Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Audit;

/// <summary>Append-only, hash-chained audit entries in the shared database.</summary>
public sealed class AuditLog(IdentityDbContext db, TimeProvider time)
{
    /// <summary>
    /// Appends under a database-wide lock, so two replicas never link two entries to the same predecessor.
    /// Runs in its own transaction: call it after the audited change is saved.
    /// </summary>
    public async Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginSerializedTransactionAsync(IdentityLocks.Audit, cancellationToken);
        var last = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(cancellationToken);

        var entry = new AuditEntry
        {
            Sequence = (last?.Sequence ?? 0) + 1,
            TenantId = record.TenantId,
            Actor = record.Actor,
            Action = record.Action,
            Target = record.Target,
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()),
            ClientIp = record.ClientIp,
            Outcome = record.Outcome,
            PreviousHash = last?.Hash ?? AuditChain.GenesisHash,
        };
        entry.Hash = AuditChain.ComputeHash(entry);

        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.Entry(entry).State = EntityState.Detached;
        return entry.Sequence;
    }

    /// <summary>Walks the whole chain in order and stops at the first entry whose hash, link or position is wrong.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var previousHash = AuditChain.GenesisHash;
        long expectedSequence = 1;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var checkedCount = expectedSequence - 1;
            if (entry.Sequence != expectedSequence)
            {
                return AuditVerification.Broken(checkedCount, expectedSequence, "entry missing");
            }

            if (!CryptographicOperations.FixedTimeEquals(entry.PreviousHash, previousHash))
            {
                return AuditVerification.Broken(checkedCount, entry.Sequence, "previous hash does not match");
            }

            if (!CryptographicOperations.FixedTimeEquals(entry.Hash, AuditChain.ComputeHash(entry)))
            {
                return AuditVerification.Broken(checkedCount, entry.Sequence, "content does not match its hash");
            }

            previousHash = entry.Hash;
            expectedSequence++;
        }

        return AuditVerification.Intact(expectedSequence - 1);
    }

    /// <summary>A tenant's entries, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(Guid tenantId, int take, CancellationToken cancellationToken = default) =>
        await db.AuditEntries.AsNoTracking()
            .Where(a => a.TenantId == tenantId)
            .OrderByDescending(a => a.Sequence)
            .Take(take)
            .ToListAsync(cancellationToken);
}
