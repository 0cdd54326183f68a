namespace App.AppHost.Resources;

/// <summary>The embedded-mode database: one SQLite file in the data directory, created by the first service that opens it.</summary>
public sealed class SqliteDatabaseResource(string name, string filePath) : IResourceWithConnectionString, IProvisionedResource
{
    public string Name => name;

    public string Type => "SQLite database";

    public ResourceStatus Status { get; } = new();

    public string ConnectionString => $"Data Source={filePath}";

    public void Provision()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        Status.Provisioned();
    }
}
