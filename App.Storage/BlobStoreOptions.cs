namespace App.Storage;

public sealed class BlobStoreOptions
{
    public const string SectionName = "Storage";

    /// <summary>The limit for a <see cref="IBlobStore.PutAsync"/> that names none.</summary>
    public long MaxBlobBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>The Azure Blob Storage container for blobs (and the shared Data Protection key rings); created when missing.</summary>
    public string ContainerName { get; set; } = "blobs";
}
