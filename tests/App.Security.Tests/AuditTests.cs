using System.Net.Http.Json;
using App.Identity.Admin;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>The audit log is a hash chain: an entry edited in the database file is found by the verify endpoint.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuditTests(SecurityAppHost app)
{
    [Fact]
    public async Task The_audit_chain_verifies_and_a_row_edited_in_the_database_is_reported_as_the_break()
    {
        using var platform = app.Client(app.AdminKey);
        var tenant = await app.NewTenantAsync("audited");
        var intact = await VerifyAsync(platform);
        var sequence = await SequenceOfAsync("tenant.create", tenant.Id.ToString());

        var original = await SetActorAsync(sequence, "someone-else");
        var broken = await VerifyAsync(platform);
        await SetActorAsync(sequence, original);
        var repaired = await VerifyAsync(platform);

        Assert.True(intact.Ok, intact.ToString());
        Assert.True(intact.EntriesChecked >= sequence);
        Assert.False(broken.Ok);
        Assert.Equal(sequence, broken.FirstBrokenSequence);
        Assert.Equal("content does not match its hash", broken.Problem);
        Assert.True(repaired.Ok, repaired.ToString());
    }

    [Fact]
    public async Task Admin_actions_are_audited_with_the_acting_key()
    {
        var tenant = await app.NewTenantAsync("audit-actor");
        using var admin = app.Client(tenant.AdminKey);

        var created = await AppHostFixture.ReadAsync<CreatedApiKey>(
            await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new CreateApiKeyRequest("audited")));
        var keyId = created.Key.Id.ToString();

        await using var db = await OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT actor FROM audit_entries WHERE action = 'api_key.create' AND target = @target";
        query.AddParameter("@target", keyId);
        Assert.Equal(tenant.AdminKeyId.ToString(), (string?)await query.ExecuteScalarAsync());
    }

    private static async Task<AuditVerificationResponse> VerifyAsync(HttpClient platform) =>
        await AppHostFixture.ReadAsync<AuditVerificationResponse>(await platform.GetAsync("/api/v1/admin/audit/verify"));

    private async Task<long> SequenceOfAsync(string action, string target)
    {
        await using var db = await OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT sequence FROM audit_entries WHERE action = @action AND target = @target";
        query.AddParameter("@action", action);
        query.AddParameter("@target", target);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <returns>The actor before the edit.</returns>
    private async Task<string> SetActorAsync(long sequence, string actor)
    {
        await using var db = await OpenAsync();
        await using var transaction = await db.BeginTransactionAsync();
        await using var read = db.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT actor FROM audit_entries WHERE sequence = @sequence";
        read.AddParameter("@sequence", sequence);
        var before = (string)(await read.ExecuteScalarAsync())!;
        await using var update = db.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE audit_entries SET actor = @actor WHERE sequence = @sequence";
        update.AddParameter("@actor", actor);
        update.AddParameter("@sequence", sequence);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
        await transaction.CommitAsync();
        return before;
    }

    private Task<System.Data.Common.DbConnection> OpenAsync() => app.OpenDatabaseAsync();
}
