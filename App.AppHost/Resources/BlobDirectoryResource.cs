namespace App.AppHost.Resources;

/// <summary>The embedded-mode blob store: a directory on local disk whose path is the connection string.</summary>
public sealed class BlobDirectoryResource(string name, string path) : IResourceWithConnectionString, IProvisionedResource
{
    public string Name => name;

    public string Type => "Blob directory";

    public ResourceStatus Status { get; } = new();

    public string ConnectionString => path;

    public void Provision()
    {
        Directory.CreateDirectory(path);
        Status.Provisioned();
    }
}
