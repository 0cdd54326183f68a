using System.Net.Http.Json;
using System.Text;
using App.Identity;
using App.Identity.Admin;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>Personal data is encrypted before it reaches the database: the raw file and its WAL never hold it in clear.</summary>
[Collection(SecurityCollection.Name)]
public sealed class PersonalDataTests(SecurityAppHost app)
{
    [Fact]
    public async Task A_users_email_is_nowhere_in_the_raw_database_file_or_its_wal()
    {
        var tenant = await app.NewTenantAsync("pii");
        using var admin = app.Client(tenant.AdminKey);
        var localPart = $"erin.{Guid.NewGuid():N}";
        var email = $"{localPart}@example.test";

        var created = await AppHostFixture.ReadAsync<UserSummary>(
            await admin.PostAsJsonAsync("/api/v1/admin/users", new CreateUserRequest(email, Roles.Member)));
        var listed = await AppHostFixture.ReadAsync<List<UserSummary>>(await admin.GetAsync("/api/v1/admin/users"));

        Assert.Equal(email, created.Email);
        Assert.Contains(email, listed.Select(u => u.Email));
        if (AppHostFixture.Distributed)
        {
            // PostgreSQL's files are not ours to read: every column of every users row, as text.
            await using var db = await app.OpenDatabaseAsync();
            await using var query = db.CreateCommand();
            query.CommandText = "SELECT string_agg(u::text, ' ') FROM users u";
            var rows = (string)(await query.ExecuteScalarAsync())!;
            Assert.DoesNotContain(localPart, rows, StringComparison.Ordinal);
            return;
        }

        var files = new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists).ToList();
        Assert.Contains(app.DatabasePath, files);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(localPart)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(localPart)));
        }
    }

    /// <summary>Reads the file while the services keep it open.</summary>
    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
