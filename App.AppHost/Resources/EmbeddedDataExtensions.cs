namespace App.AppHost.Resources;

/// <summary>The embedded mode's data: a SQLite file and a blob folder under the data directory, handed over as connection strings.</summary>
public static class EmbeddedDataExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSqliteDatabase(
        this IDistributedApplicationBuilder builder, string name, string fileName, AppHostOptions options)
    {
        var path = Path.Combine(options.DataDirectory, fileName);
        Directory.CreateDirectory(options.DataDirectory);
        return builder.AddConnectionString(name, ReferenceExpression.Create($"Data Source={path}"));
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddBlobDirectory(
        this IDistributedApplicationBuilder builder, string name, AppHostOptions options)
    {
        var path = Path.Combine(options.DataDirectory, name);
        Directory.CreateDirectory(path);
        return builder.AddConnectionString(name, ReferenceExpression.Create($"{path}"));
    }
}
