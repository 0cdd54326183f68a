using System.Security.Cryptography;
using App.Storage;

namespace App.Jobs.Tests;

public sealed class BlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"app-blobs-tests-{Guid.NewGuid():N}");
    private readonly LocalDiskBlobStore _store;

    public BlobStoreTests() => _store = new LocalDiskBlobStore(_root, defaultMaxBytes: 1024 * 1024);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Put_then_read_round_trips_with_size_and_sha256()
    {
        var content = RandomNumberGenerator.GetBytes(300_000);

        var blob = await _store.PutAsync(new MemoryStream(content));

        Assert.Equal(content.Length, blob.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), blob.Sha256);
        Assert.True(await _store.ExistsAsync(blob.Key));
        await using (var read = await _store.OpenReadAsync(blob.Key))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        Assert.True(await _store.DeleteAsync(blob.Key));
        Assert.False(await _store.DeleteAsync(blob.Key));
        Assert.False(await _store.ExistsAsync(blob.Key));
        Assert.Null(await _store.OpenReadAsync(blob.Key));
    }

    [Fact]
    public async Task Over_size_upload_throws_and_leaves_no_file()
    {
        var content = new MemoryStream(new byte[5000]);

        var error = await Assert.ThrowsAsync<BlobTooLargeException>(() => _store.PutAsync(content, maxBytes: 4096));

        Assert.Equal(4096, error.MaxBytes);
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Blob_exactly_at_the_limit_is_stored()
    {
        var blob = await _store.PutAsync(new MemoryStream(new byte[4096]), maxBytes: 4096);

        Assert.Equal(4096, blob.Size);
        Assert.True(await _store.ExistsAsync(blob.Key));
    }

    [Fact]
    public async Task Failed_write_leaves_no_temp_file_and_no_blob()
    {
        var failing = new FailingStream(bytesBeforeFailure: 200_000);

        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync(failing));

        Assert.True(failing.Position > 0);
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Keys_are_generated_not_derived_from_input_names()
    {
        var source = Path.Combine(_root, "..", $"evil-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(source, [1, 2, 3]);
        try
        {
            StoredBlob first, second;
            await using (var file = File.OpenRead(source))
            {
                first = await _store.PutAsync(file);
            }

            await using (var file = File.OpenRead(source))
            {
                second = await _store.PutAsync(file);
            }

            Assert.NotEqual(first.Key, second.Key);
            Assert.Equal(first.Sha256, second.Sha256);
            Assert.All(new[] { first.Key, second.Key }, k => Assert.True(BlobKeys.IsValid(k)));
            Assert.All(new[] { first.Key, second.Key }, k => Assert.DoesNotContain("evil", k));
            var stored = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Select(Path.GetFileName);
            Assert.Equal(new[] { first.Key, second.Key }.Order(), stored.Order());
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
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ExistsAsync(key));
    }

    /// <summary>A client connection that drops mid-upload.</summary>
    private sealed class FailingStream(long bytesBeforeFailure) : Stream
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
