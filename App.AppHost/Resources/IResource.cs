namespace App.AppHost.Resources;

/// <summary>Something the AppHost provides or runs, shown on the status page under its name.</summary>
public interface IResource
{
    string Name { get; }

    string Type { get; }

    ResourceStatus Status { get; }
}
