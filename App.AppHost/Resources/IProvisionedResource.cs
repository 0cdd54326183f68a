namespace App.AppHost.Resources;

/// <summary>A resource that must exist on disk (or elsewhere) before any service that references it starts.</summary>
public interface IProvisionedResource : IResource
{
    void Provision();
}
