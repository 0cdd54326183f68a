using App.AppHost.Hosting;

namespace App.AppHost.Resources;

/// <summary>The embedded mode's data resources, kept under the data directory (<c>--data-dir</c>).</summary>
public static class EmbeddedDataExtensions
{
    public static IResourceBuilder<SqliteDatabaseResource> AddSqliteDatabase(this AppHostBuilder builder, string name, string fileName) =>
        builder.AddResource(new SqliteDatabaseResource(name, Path.Combine(builder.Options.DataDirectory, fileName)));

    public static IResourceBuilder<BlobDirectoryResource> AddBlobDirectory(this AppHostBuilder builder, string name) =>
        builder.AddResource(new BlobDirectoryResource(name, Path.Combine(builder.Options.DataDirectory, name)));
}
