using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace App.Storage;

/// <summary>
/// Blobs in one Azure Blob Storage container (Azurite on one machine and in tests), named by their key. A blob that
/// fits in one block (4 MiB, every audio clip) is written with one Put Blob; a larger one is uploaded as staged blocks
/// and becomes visible only when the block list is committed at the end. Either way a failed, cancelled or over-size
/// upload leaves no blob: Put Blob is atomic, and staged blocks stay uncommitted, invisible to every read, until the
/// service discards them (after a week on Azure). The size limit is checked and the SHA-256 computed while streaming.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Bytes per staged block: the memory one upload holds at a time.</summary>
    private const int BlockSize = 4 * 1024 * 1024;

    /// <summary>Keys are new, but a write never replaces a blob that exists.</summary>
    private static readonly BlobRequestConditions NoOverwrite = new() { IfNoneMatch = ETag.All };

    private readonly BlobContainerClient _container;
    private readonly long _defaultMaxBytes;
    private Task? _containerReady;

    public AzureBlobStore(BlobContainerClient container, long defaultMaxBytes)
    {
        _container = container;
        _defaultMaxBytes = defaultMaxBytes;
    }

    public BlobContainerClient Container => _container;

    /// <summary>Creates the container when it is missing; once per store, tried again after a failure.</summary>
    public Task EnsureContainerAsync(CancellationToken cancellationToken = default)
    {
        var ready = _containerReady;
        if (ready is null || ready.IsFaulted || ready.IsCanceled)
        {
            ready = _containerReady = _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        return ready;
    }

    public async Task<StoredBlob> PutAsync(Stream content, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        var limit = maxBytes ?? _defaultMaxBytes;
        await EnsureContainerAsync(cancellationToken);
        var key = BlobKeys.New();
        var blob = _container.GetBlockBlobClient(key);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            var blockIds = new List<string>();
            long size = 0;
            while (true)
            {
                var filled = await FillAsync(content, buffer, cancellationToken);
                size += filled;
                if (size > limit)
                {
                    throw new BlobTooLargeException(limit);
                }

                if (filled == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, filled);
                if (blockIds.Count == 0 && filled < BlockSize)
                {
                    // All of it is in memory already: one request instead of a staged block and a commit.
                    using var whole = new MemoryStream(buffer, 0, filled, writable: false);
                    await blob.UploadAsync(whole, new BlobUploadOptions { Conditions = NoOverwrite }, cancellationToken);
                    return new StoredBlob(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
                }

                var blockId = Convert.ToBase64String(BitConverter.GetBytes(blockIds.Count));
                using var block = new MemoryStream(buffer, 0, filled, writable: false);
                await blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken);
                blockIds.Add(blockId);
                if (filled < BlockSize)
                {
                    break;
                }
            }

            // The commit is what makes the blob exist; IfNoneMatch * refuses to replace one (keys are new, but never overwrite).
            await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions { Conditions = NoOverwrite }, cancellationToken);
            return new StoredBlob(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.EnsureValid(key);
        try
        {
            var response = await _container.GetBlobClient(key).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.EnsureValid(key);
        try
        {
            return await _container.GetBlobClient(key).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The container itself is missing: nothing to delete either.
            return false;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.EnsureValid(key);
        return await _container.GetBlobClient(key).ExistsAsync(cancellationToken);
    }

    /// <summary>Reads until the buffer's first <see cref="BlockSize"/> bytes are full or the stream ends.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < BlockSize && (read = await content.ReadAsync(buffer.AsMemory(filled, BlockSize - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
