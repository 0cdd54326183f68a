namespace App.AppHost.Resources;

/// <summary>Fluent handle on a resource while the model is described; covariant so that any builder can be referenced.</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    T Resource { get; }
}

internal sealed class ResourceBuilder<T>(T resource) : IResourceBuilder<T> where T : IResource
{
    public T Resource => resource;
}
