using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Storage;

public static class DataProtectionStorageExtensions
{
    /// <summary>
    /// Where the key ring lives follows <c>ConnectionStrings:blobs</c>: with Azure Blob Storage (distributed mode) in the
    /// blob container under <c>dataprotection/&lt;ringName&gt;/</c>, shared by every replica on every machine; otherwise
    /// (embedded mode) in <paramref name="keysDirectory"/>.
    /// </summary>
    public static IDataProtectionBuilder PersistKeysToBlobsOrFileSystem(
        this IDataProtectionBuilder builder, IConfiguration configuration, string keysDirectory, string ringName)
    {
        var setting = configuration.GetConnectionString(StorageServiceCollectionExtensions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(setting))
        {
            return builder.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        }

        var connection = BlobConnection.Parse(setting, $"ConnectionStrings:{StorageServiceCollectionExtensions.ConnectionStringName}");
        if (!connection.IsAzure)
        {
            return builder.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        }

        var containerName = connection.ContainerName
            ?? configuration.GetSection(BlobStoreOptions.SectionName).Get<BlobStoreOptions>()?.ContainerName
            ?? new BlobStoreOptions().ContainerName;
        var container = new BlobServiceClient(connection.AzureConnectionString).GetBlobContainerClient(containerName);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(_ => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new BlobXmlRepository(container, $"dataprotection/{ringName}/")));
        return builder;
    }
}
