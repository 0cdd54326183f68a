using System.Buffers;
using System.Security.Cryptography;

namespace App.Storage;

/// <summary>
/// Blobs as files under one root folder, sharded by the key's random tail so no folder grows without bound.
/// A blob is written to a temporary file next to its final path and renamed into place only when complete: a crash,
/// a cancellation or an over-size stream leaves no half-written blob, and the temporary file is removed.
/// </summary>
public sealed class LocalDiskBlobStore : IBlobStore
{
    private const int BufferSize = 81920;
    private readonly string _root;
    private readonly long _defaultMaxBytes;

    public LocalDiskBlobStore(string rootFolder, long defaultMaxBytes)
    {
        _root = Path.GetFullPath(rootFolder);
        _defaultMaxBytes = defaultMaxBytes;
        Directory.CreateDirectory(_root);
        StorageTelemetry.Watch(_root);
    }

    public string RootFolder => _root;

    public async Task<StoredBlob> PutAsync(Stream content, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        var limit = maxBytes ?? _defaultMaxBytes;
        var key = BlobKeys.New();
        var finalPath = PathOf(key);
        var folder = Path.GetDirectoryName(finalPath)!;
        Directory.CreateDirectory(folder);
        var tempPath = Path.Combine(folder, $".{key}.{Guid.NewGuid():N}.tmp");

        try
        {
            var (size, sha256) = await WriteAsync(content, tempPath, limit, cancellationToken);
            File.Move(tempPath, finalPath, overwrite: false);
            return new StoredBlob(key, size, sha256);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.EnsureValid(key);
        try
        {
            // FileShare.Delete: retention may remove a blob while a slow reader still streams it.
            Stream stream = new FileStream(PathOf(key), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = BufferSize,
            });
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.EnsureValid(key);
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.EnsureValid(key);
        return Task.FromResult(File.Exists(PathOf(key)));
    }

    private string PathOf(string key) => Path.Combine(_root, key[30..32], key[28..30], key);

    private static async Task<(long Size, string Sha256)> WriteAsync(
        Stream content, string tempPath, long limit, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = new FileStream(tempPath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 0,
            });

            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                size += read;
                if (size > limit)
                {
                    throw new BlobTooLargeException(limit);
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            // On disk before the rename makes it visible, so a power cut cannot leave a named but empty blob.
            file.Flush(flushToDisk: true);
            return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
