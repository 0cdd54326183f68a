using App.Identity.Audit;
using App.Identity.Data;
using App.Identity.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests;

public sealed class AuditTests
{
    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ChainVerifiesAndAnEditedRowIsReported(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var audit = host.Get<AuditLog>();
        var tenant = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            await audit.AppendAsync(new AuditRecord(tenant, "user-1", "document.delete", $"doc-{i}", AuditRecord.Succeeded, "203.0.113.7"));
        }

        var intact = await audit.VerifyAsync();
        Assert.True(intact.IsIntact, intact.Problem);
        Assert.Equal(6, intact.EntriesChecked);

        var victim = await LastSequenceAsync(host) - 2;
        await host.Get<IdentityDbContext>().Database.ExecuteSqlAsync(
            $"UPDATE audit_entries SET target = 'doc-innocent' WHERE sequence = {victim}");

        var broken = await audit.VerifyAsync();
        Assert.False(broken.IsIntact);
        Assert.Equal(victim, broken.FirstBrokenSequence);
        Assert.Equal("content does not match its hash", broken.Problem);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ADeletedRowIsReported(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var audit = host.Get<AuditLog>();
        for (var i = 0; i < 3; i++)
        {
            await audit.AppendAsync(new AuditRecord(null, "system", "test", $"t-{i}", AuditRecord.Succeeded));
        }

        await host.Get<IdentityDbContext>().Database.ExecuteSqlAsync($"DELETE FROM audit_entries WHERE sequence = 2");

        var result = await audit.VerifyAsync();
        Assert.False(result.IsIntact);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task ConcurrentAppendsFromTwoReplicasNeverFork(Db db)
    {
        await using var first = await IdentityTestHost.StartAsync(db);
        await using var second = await first.StartReplicaAsync();
        var before = await LastSequenceAsync(first);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            await using var scope = (i % 2 == 0 ? first : second).Services.CreateAsyncScope();
            await scope.Get<AuditLog>().AppendAsync(new AuditRecord(null, $"replica-{i % 2}", "test.append", $"t-{i}", AuditRecord.Succeeded));
        }));

        var result = await first.Get<AuditLog>().VerifyAsync();
        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(before + 40, result.EntriesChecked);
    }

    private static async Task<long> LastSequenceAsync(IdentityTestHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.Get<IdentityDbContext>().AuditEntries.MaxAsync(a => a.Sequence);
    }
}
