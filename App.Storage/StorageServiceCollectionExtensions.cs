using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace App.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "blobs";

    /// <summary>
    /// Registers the blob store named by <c>ConnectionStrings:blobs</c> and limits from the <c>Storage</c> section:
    /// a folder path (embedded mode) gives <see cref="LocalDiskBlobStore"/>, an Azure Storage connection string
    /// (distributed mode: Azurite here, a storage account deployed) gives <see cref="AzureBlobStore"/> over the container
    /// <c>Storage:ContainerName</c> (default <c>blobs</c>). A malformed setting fails here, at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddBlobStorage(
        this IHostApplicationBuilder builder, string connectionStringName = ConnectionStringName)
    {
        var connection = BlobConnection.Parse(
            builder.Configuration.GetConnectionString(connectionStringName), $"ConnectionStrings:{connectionStringName}");
        builder.Services.Configure<BlobStoreOptions>(builder.Configuration.GetSection(BlobStoreOptions.SectionName));
        builder.Services.AddBlobStorage(connection);
        return builder;
    }

    public static IServiceCollection AddBlobStorage(this IServiceCollection services, string connectionString) =>
        services.AddBlobStorage(BlobConnection.Parse(connectionString, $"ConnectionStrings:{ConnectionStringName}"));

    public static IServiceCollection AddBlobStorage(this IServiceCollection services, BlobConnection connection)
    {
        services.AddOptions<BlobStoreOptions>();
        if (!connection.IsAzure)
        {
            services.AddSingleton<IBlobStore>(sp =>
                new LocalDiskBlobStore(connection.Folder!, sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value.MaxBlobBytes));
            return services;
        }

        services.TryAddSingleton(_ => new BlobServiceClient(connection.AzureConnectionString));
        services.TryAddSingleton(sp => sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(
            connection.ContainerName ?? sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value.ContainerName));
        services.AddSingleton<AzureBlobStore>(sp => new AzureBlobStore(
            sp.GetRequiredService<BlobContainerClient>(), sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value.MaxBlobBytes));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<AzureBlobStore>());
        services.AddHostedService<BlobContainerInitializer>();
        return services;
    }

    /// <summary>Creates the container at start when it is missing (the first upload would too), so a wrong account shows at once in the log.</summary>
    private sealed class BlobContainerInitializer(AzureBlobStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.EnsureContainerAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
