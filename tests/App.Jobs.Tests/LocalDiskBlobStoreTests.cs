using App.Storage;

namespace App.Jobs.Tests;

public sealed class LocalDiskBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"app-blobs-tests-{Guid.NewGuid():N}");

    public LocalDiskBlobStoreTests() => Store = new LocalDiskBlobStore(_root, defaultMaxBytes: 1024 * 1024);

    protected override IBlobStore Store { get; }

    protected override Task<IReadOnlyList<string>> StoredNamesAsync() =>
        Task.FromResult<IReadOnlyList<string>>(
            [.. Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f))]);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
