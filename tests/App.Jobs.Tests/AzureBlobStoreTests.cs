using System.Security.Cryptography;
using App.Storage;
using App.Testing;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Jobs.Tests;

/// <summary>The blob store contract against a real Azurite, each test in a container of its own; plus what only Azure has.</summary>
public sealed class AzureBlobStoreTests : BlobStoreContract, IClassFixture<AzuriteServer>
{
    private readonly AzuriteServer _azurite;
    private readonly BlobContainerClient _container;

    public AzureBlobStoreTests(AzuriteServer azurite)
    {
        _azurite = azurite;
        _container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"test-{Guid.NewGuid():N}");
        Store = new AzureBlobStore(_container, defaultMaxBytes: 1024 * 1024);
    }

    protected override IBlobStore Store { get; }

    /// <summary>
    /// The container's blobs as every reader sees them (committed). A failed upload's staged blocks are not among them:
    /// they belong to no blob, and the service discards them (Azure after a week).
    /// </summary>
    protected override async Task<IReadOnlyList<string>> StoredNamesAsync()
    {
        if (!await _container.ExistsAsync())
        {
            return [];
        }

        var names = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        return names;
    }

    [Fact]
    public async Task Blob_of_several_blocks_round_trips_and_is_invisible_until_committed()
    {
        var content = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 123);
        var store = new AzureBlobStore(_container, defaultMaxBytes: 20 * 1024 * 1024);
        var seen = new List<bool>();
        var probe = new ProbingStream(content, async () => seen.Add((await StoredNamesAsync()).Count > 0));

        var blob = await store.PutAsync(probe);

        Assert.Equal(content.Length, blob.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), blob.Sha256);
        Assert.True(seen.Count >= 2, "the upload was probed while in progress");
        Assert.All(seen, visible => Assert.False(visible));
        var properties = await _container.GetBlockBlobClient(blob.Key).GetBlockListAsync(BlockListTypes.All);
        Assert.Equal(3, properties.Value.CommittedBlocks.Count());
        await using var read = await store.OpenReadAsync(blob.Key);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Over_size_upload_spanning_blocks_is_refused_before_reading_it_all()
    {
        var store = new AzureBlobStore(_container, defaultMaxBytes: 5 * 1024 * 1024);
        var endless = new FailingStream(bytesBeforeFailure: long.MaxValue);

        await Assert.ThrowsAsync<BlobTooLargeException>(() => store.PutAsync(endless));

        Assert.InRange(endless.Position, 5 * 1024 * 1024, 9 * 1024 * 1024);
        Assert.Empty(await StoredNamesAsync());
    }

    [Fact]
    public async Task Connection_string_shape_selects_the_store_and_the_container_is_created_at_start()
    {
        var containerName = $"start-{Guid.NewGuid():N}";
        using var azureHost = Host(_azurite.ConnectionString, containerName);
        await azureHost.StartAsync();
        var folder = Directory.CreateTempSubdirectory("app-blobs-").FullName;
        using var folderHost = Host(folder, containerName: null);

        Assert.IsType<AzureBlobStore>(azureHost.Services.GetRequiredService<IBlobStore>());
        Assert.True(await new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(containerName).ExistsAsync());
        Assert.IsType<LocalDiskBlobStore>(folderHost.Services.GetRequiredService<IBlobStore>());
        await azureHost.StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("AccountName=devstoreaccount1;AccountKey=not base64!;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1")]
    [InlineData("UseDevelopmentStorage=true;BlobEndpoint=not a uri")]
    [InlineData("")]
    public void Malformed_setting_fails_at_start_naming_it(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Host(setting, containerName: null));

        Assert.Contains("ConnectionStrings:blobs", error.Message, StringComparison.Ordinal);
    }

    private static IHost Host(string connectionString, string? containerName)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:blobs"] = connectionString,
            ["Storage:ContainerName"] = containerName,
        });
        builder.AddBlobStorage();
        return builder.Build();
    }

    /// <summary>Serves <paramref name="content"/> and runs <paramref name="probe"/> before each further 4 MiB, while the upload is under way.</summary>
    private sealed class ProbingStream(byte[] content, Func<Task> probe) : Stream
    {
        private const int Step = 4 * 1024 * 1024;
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position > 0 && _position % Step == 0)
            {
                await probe();
            }

            var n = Math.Min(Math.Min(buffer.Length, content.Length - _position), Step - (_position % Step));
            content.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
