using Azure.Storage.Blobs;

namespace App.Storage;

/// <summary>
/// What <c>ConnectionStrings:blobs</c> names, told apart by its shape: an Azure Storage connection string
/// (<c>UseDevelopmentStorage=true</c>, or with <c>AccountName=</c> or <c>BlobEndpoint=</c>; an optional
/// <c>ContainerName=</c> overrides the configured container) selects Azure Blob Storage, anything else is a folder path.
/// </summary>
public sealed record BlobConnection(string? Folder, string? AzureConnectionString, string? ContainerName)
{
    private static bool IsContainerName(string part) => part.StartsWith("ContainerName=", StringComparison.OrdinalIgnoreCase);

    private static readonly string[] AzureKeys = ["UseDevelopmentStorage", "AccountName", "BlobEndpoint"];

    public bool IsAzure => AzureConnectionString is not null;

    /// <exception cref="InvalidOperationException">The setting is empty or a malformed Azure Storage connection string; the message names it.</exception>
    public static BlobConnection Parse(string? value, string settingName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{settingName} is not set: give a blob folder path or an Azure Storage connection string.");
        }

        if (!AzureKeys.Any(k => value.Contains(k + "=", StringComparison.OrdinalIgnoreCase)))
        {
            return new BlobConnection(value, null, null);
        }

        try
        {
            // Split by hand: DbConnectionStringBuilder lower-cases the keys, which the Azure SDK's parser does not accept.
            var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var container = parts.Where(IsContainerName).Select(p => p[(p.IndexOf('=') + 1)..]).LastOrDefault();
            var azure = string.Join(';', parts.Where(p => !IsContainerName(p)));
            // Parsed here so a bad key, endpoint or account fails at start-up, not at the first upload.
            _ = new BlobServiceClient(azure);
            return new BlobConnection(null, azure, container);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"{settingName} looks like an Azure Storage connection string but cannot be used: {e.Message}", e);
        }
    }
}
