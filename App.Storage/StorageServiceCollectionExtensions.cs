using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace App.Storage;

public static class StorageServiceCollectionExtensions
{
    public const string ConnectionStringName = "blobs";

    /// <summary>
    /// Registers the blob store named by <c>ConnectionStrings:blobs</c> and limits from the <c>Storage</c> section.
    /// Today the connection string is a folder path; an S3-compatible store will be chosen here from its own
    /// connection string shape, so callers keep depending on <see cref="IBlobStore"/> only.
    /// </summary>
    public static IHostApplicationBuilder AddBlobStorage(
        this IHostApplicationBuilder builder, string connectionStringName = ConnectionStringName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionStringName} (the blob folder) is not set.");
        builder.Services.Configure<BlobStoreOptions>(builder.Configuration.GetSection(BlobStoreOptions.SectionName));
        builder.Services.AddBlobStorage(connectionString);
        return builder;
    }

    public static IServiceCollection AddBlobStorage(this IServiceCollection services, string connectionString)
    {
        services.AddOptions<BlobStoreOptions>();
        services.AddSingleton<IBlobStore>(sp =>
            new LocalDiskBlobStore(connectionString, sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value.MaxBlobBytes));
        return services;
    }
}
