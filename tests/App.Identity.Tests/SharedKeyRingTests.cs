using System.Security.Cryptography;
using App.Identity.Protection;
using App.Testing;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace App.Identity.Tests;

/// <summary>
/// Distributed mode: the personal-data key ring lives in the blob container (Azurite here), so a replica on another
/// machine (another folder, another process) unprotects what one replica protected.
/// </summary>
public sealed class SharedKeyRingTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>, IDisposable
{
    private const string Email = "Grace.Hopper@example.org";
    private readonly List<string> _folders = [];

    public void Dispose() => _folders.ForEach(f => Directory.Delete(f, recursive: true));

    [Fact]
    public async Task A_value_protected_by_one_replica_is_unprotected_by_another()
    {
        var container = $"ring-{Guid.NewGuid():N}";
        var (first, firstFolder) = Replica(container);
        var (second, secondFolder) = Replica(container);
        await using (first)
        await using (second)
        {
            var ciphertext = first.GetRequiredService<PersonalDataProtector>().Protect(PersonalDataProtector.EmailPurpose, Email);

            Assert.Equal(Email, second.GetRequiredService<PersonalDataProtector>().Unprotect(PersonalDataProtector.EmailPurpose, ciphertext));
        }

        var keys = new List<string>();
        await foreach (var blob in new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(container)
                           .GetBlobsAsync(BlobTraits.None, BlobStates.None, "dataprotection/keys/", CancellationToken.None))
        {
            keys.Add(blob.Name);
        }

        Assert.Single(keys);
        Assert.Matches("^dataprotection/keys/key-[0-9a-f-]{36}\\.xml$", keys[0]);
        // The folders hold no key ring: only the lookup hash key, which is configuration's business in production.
        Assert.Empty(Directory.GetFiles(firstFolder, "key-*.xml"));
        Assert.Empty(Directory.GetFiles(secondFolder, "key-*.xml"));
    }

    [Fact]
    public async Task A_replica_on_another_key_ring_cannot_unprotect_it()
    {
        var (first, _) = Replica($"ring-{Guid.NewGuid():N}");
        var (other, _) = Replica($"ring-{Guid.NewGuid():N}");
        await using (first)
        await using (other)
        {
            var ciphertext = first.GetRequiredService<PersonalDataProtector>().Protect(PersonalDataProtector.EmailPurpose, Email);

            Assert.ThrowsAny<CryptographicException>(() => other.GetRequiredService<PersonalDataProtector>().Unprotect(PersonalDataProtector.EmailPurpose, ciphertext));
        }
    }

    private (ServiceProvider Services, string Folder) Replica(string container)
    {
        var folder = Directory.CreateTempSubdirectory("app-replica-keys-").FullName;
        _folders.Add(folder);
        var services = new ServiceCollection().AddLogging()
            .AddPersonalDataProtection(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:blobs"] = azurite.ConnectionString,
                ["Storage:ContainerName"] = container,
                ["Identity:PersonalData:KeysDirectory"] = folder,
            }).Build())
            .BuildServiceProvider();
        return (services, folder);
    }
}
