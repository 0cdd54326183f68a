namespace App.AppHost.Resources;

/// <summary>One row of the status page and of <c>/api/resources</c>.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    HealthState Health,
    string? Url,
    int? Pid,
    int RestartCount,
    int? ExitCode)
{
    public static ResourceSnapshot Of(IResource resource)
    {
        var status = resource.Status.Snapshot();
        var url = resource is ProjectResource project ? project.HttpUrl : null;
        return new(resource.Name, resource.Type, status.State, status.Health, url, status.Pid, status.RestartCount, status.ExitCode);
    }
}
