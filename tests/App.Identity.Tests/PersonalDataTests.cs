using System.Text;
using App.Identity.Admin;
using App.Identity.Data;
using App.Identity.Protection;
using App.Identity.Tests.Support;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests;

public sealed class PersonalDataTests
{
    private const string Email = "Ada.Lovelace@example.org";

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task RawDatabaseHoldsNoPlaintextEmailButTheUserIsFoundByIt(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var users = host.Get<UserAdminService>();
        var created = await users.CreateAsync(host.PlatformAdmin, Tenant.DefaultId, new NewUser(Email, Roles.Admin, "oidc|ada"));

        var found = await users.FindByEmailAsync(host.PlatformAdmin, Tenant.DefaultId, "  ada.lovelace@EXAMPLE.org ");
        Assert.Equal(created.Id, found?.Id);
        Assert.Equal(Email, found?.Email);

        var stored = await RawEmailColumnAsync(host, created.Id);
        Assert.DoesNotContain("lovelace", stored, StringComparison.OrdinalIgnoreCase);
        if (db == Db.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var bytes = Directory.GetFiles(host.DataDirectory, "app.db*").SelectMany(File.ReadAllBytes).ToArray();
            Assert.True(bytes.Length > 0);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Lovelace")));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("LOVELACE")));
        }
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task DataEncryptedBeforeAKeyRotationStillDecryptsAfterItAndAfterARestart(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var before = await host.Get<UserAdminService>().CreateAsync(host.PlatformAdmin, Tenant.DefaultId, new NewUser("before@example.org"));

        ExpireAllKeysOnDisk(Path.Combine(host.DataDirectory, "keys"));
        await using var restarted = await host.StartReplicaAsync();
        await using (var scope = restarted.Services.CreateAsyncScope())
        {
            await scope.Get<UserAdminService>().CreateAsync(host.PlatformAdmin, Tenant.DefaultId, new NewUser("after@example.org"));
        }

        await using var fresh = restarted.Services.CreateAsyncScope();
        var users = await fresh.Get<UserAdminService>().ListAsync(host.PlatformAdmin, Tenant.DefaultId);

        Assert.Equal(2, restarted.Services.GetRequiredService<IKeyManager>().GetAllKeys().Count);
        Assert.Equal(["before@example.org", "after@example.org"], users.Select(u => u.Email));
        var ciphertexts = await Task.WhenAll(users.Select(u => RawEmailColumnAsync(restarted, u.Id)));
        Assert.NotEqual(KeyIdOf(ciphertexts[0]), KeyIdOf(ciphertexts[1]));
        Assert.Equal(before.Id, users[0].Id);
    }

    [Fact]
    public async Task EachFieldHasItsOwnPurpose()
    {
        var folder = Directory.CreateTempSubdirectory("app-keys-").FullName;
        try
        {
            var services = new ServiceCollection().AddLogging()
                .AddPersonalDataProtection(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Identity:PersonalData:KeysDirectory"] = folder }).Build())
                .BuildServiceProvider();
            await using var _ = services;
            var protector = services.GetRequiredService<PersonalDataProtector>();

            var ciphertext = protector.Protect(PersonalDataProtector.EmailPurpose, Email);

            Assert.Equal(Email, protector.Unprotect(PersonalDataProtector.EmailPurpose, ciphertext));
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect("App.Rag.Conversation.Text", ciphertext));
            Assert.NotEmpty(Directory.GetFiles(folder, "key-*.xml"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> RawEmailColumnAsync(IdentityTestHost host, Guid userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.Get<IdentityDbContext>().Database
            .SqlQuery<string>($"SELECT email AS \"Value\" FROM users WHERE id = {userId}")
            .SingleAsync();
    }

    /// <summary>What 90 days do to a key ring: the key expires, the next start creates a new default key and keeps the old one.</summary>
    private static void ExpireAllKeysOnDisk(string keysDirectory)
    {
        foreach (var file in Directory.GetFiles(keysDirectory, "key-*.xml"))
        {
            var xml = System.Xml.Linq.XDocument.Load(file);
            xml.Root!.Element("expirationDate")!.Value = DateTimeOffset.UtcNow.AddDays(-1).ToString("O");
            xml.Save(file);
        }
    }

    /// <summary>Data Protection payloads start with a 4-byte magic header followed by the id of the key that encrypted them.</summary>
    private static Guid KeyIdOf(string ciphertext) => new(WebEncoders.Base64UrlDecode(ciphertext).AsSpan(4, 16));
}
