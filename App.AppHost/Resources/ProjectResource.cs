namespace App.AppHost.Resources;

/// <summary>A .NET service run as <c>dotnet {TargetPath}</c> from its build output.</summary>
public sealed class ProjectResource(string name, string targetPath) : IResource
{
    public string Name => name;

    public string Type => "Project";

    public ResourceStatus Status { get; } = new();

    public string TargetPath => targetPath;

    /// <summary>Zero asks for a free port when the model is built.</summary>
    public int Port { get; set; }

    /// <summary>Set once when the model is built and kept across restarts, so references stay valid.</summary>
    public string HttpUrl { get; set; } = "";

    /// <summary>Announced on the console once every service is healthy: the way into the system.</summary>
    public bool IsExternal { get; set; }

    public List<IResource> References { get; } = [];

    public List<IResource> WaitsFor { get; } = [];

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
}
