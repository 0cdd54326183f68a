using System.Security.Cryptography;
using App.Storage;

namespace App.Jobs.Tests;

/// <summary>
/// What every <see cref="IBlobStore"/> promises, run against each store (<see cref="LocalDiskBlobStoreTests"/>,
/// <see cref="AzureBlobStoreTests"/>): a subclass gives the store and lists what it holds by name.
/// </summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    /// <summary>Every name the store's backing holds, temporary or final (a folder's files, a container's blobs).</summary>
    protected abstract Task<IReadOnlyList<string>> StoredNamesAsync();

    [Fact]
    public async Task Put_then_read_round_trips_with_size_and_sha256()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);

        var blob = await Store.PutAsync(new MemoryStream(content));

        Assert.Equal(content.Length, blob.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), blob.Sha256);
        Assert.True(await Store.ExistsAsync(blob.Key));
        await using (var read = await Store.OpenReadAsync(blob.Key))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        Assert.True(await Store.DeleteAsync(blob.Key));
        Assert.False(await Store.DeleteAsync(blob.Key));
        Assert.False(await Store.ExistsAsync(blob.Key));
        Assert.Null(await Store.OpenReadAsync(blob.Key));
    }

    [Fact]
    public async Task Over_size_upload_throws_and_leaves_no_file()
    {
        var content = new MemoryStream(new byte[5000]);

        var error = await Assert.ThrowsAsync<BlobTooLargeException>(() => Store.PutAsync(content, maxBytes: 4096));

        Assert.Equal(4096, error.MaxBytes);
        Assert.Empty(await StoredNamesAsync());
    }

    [Fact]
    public async Task Blob_exactly_at_the_limit_is_stored()
    {
        var blob = await Store.PutAsync(new MemoryStream(new byte[4096]), maxBytes: 4096);

        Assert.Equal(4096, blob.Size);
        Assert.True(await Store.ExistsAsync(blob.Key));
    }

    [Fact]
    public async Task Failed_write_leaves_no_temp_file_and_no_blob()
    {
        var failing = new FailingStream(bytesBeforeFailure: 200_000);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync(failing));

        Assert.True(failing.Position > 0);
        Assert.Empty(await StoredNamesAsync());
    }

    [Fact]
    public async Task Keys_are_generated_not_derived_from_input_names()
    {
        var source = Path.Combine(Path.GetTempPath(), $"evil-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(source, [1, 2, 3]);
        try
        {
            StoredBlob first, second;
            await using (var file = File.OpenRead(source))
            {
                first = await Store.PutAsync(file);
            }

            await using (var file = File.OpenRead(source))
            {
                second = await Store.PutAsync(file);
            }

            Assert.NotEqual(first.Key, second.Key);
            Assert.Equal(first.Sha256, second.Sha256);
            Assert.All(new[] { first.Key, second.Key }, k => Assert.True(BlobKeys.IsValid(k)));
            Assert.All(new[] { first.Key, second.Key }, k => Assert.DoesNotContain("evil", k));
            Assert.Equal(new[] { first.Key, second.Key }.Order(), (await StoredNamesAsync()).Order());
        }
        finally
        {
            File.Delete(source);
        }
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("evil.wav")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public async Task Keys_that_the_store_could_not_have_made_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync(key));
    }

    [Fact]
    public async Task Empty_blob_is_stored_and_read_back_empty()
    {
        var blob = await Store.PutAsync(new MemoryStream());

        Assert.Equal(0, blob.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), blob.Sha256);
        await using var read = await Store.OpenReadAsync(blob.Key);
        Assert.Equal(-1, read!.ReadByte());
    }

    [Fact]
    public async Task Unknown_key_reads_as_missing()
    {
        var key = BlobKeys.New();

        Assert.Null(await Store.OpenReadAsync(key));
        Assert.False(await Store.ExistsAsync(key));
        Assert.False(await Store.DeleteAsync(key));
    }

    /// <summary>A client connection that drops mid-upload.</summary>
    protected sealed class FailingStream(long bytesBeforeFailure) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= bytesBeforeFailure)
            {
                throw new IOException("The client went away.");
            }

            var n = (int)Math.Min(count, bytesBeforeFailure - _position);
            Array.Fill(buffer, (byte)7, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
