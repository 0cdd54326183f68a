namespace App.AppHost.Resources;

/// <summary>Every resource the AppHost was told about, in declaration order.</summary>
public sealed class ResourceModel(IReadOnlyList<IResource> resources)
{
    public IReadOnlyList<IResource> Resources => resources;

    public IEnumerable<ProjectResource> Projects => resources.OfType<ProjectResource>();

    public IReadOnlyList<ResourceSnapshot> Snapshot() => [.. resources.Select(ResourceSnapshot.Of)];
}
