using App.AppHost.Dashboard;
using App.AppHost.Processes;
using App.AppHost.Resources;

namespace App.AppHost.Hosting;

/// <summary>Collects the resource model, then builds the host that runs it and serves the status page.</summary>
public sealed class AppHostBuilder
{
    private readonly WebApplicationBuilder _web;
    private readonly List<IResource> _resources = [];
    private readonly ReadyAnnouncements _announcements = new();

    private AppHostBuilder(WebApplicationBuilder web)
    {
        _web = web;
        Options = AppHostOptions.From(web.Configuration);
    }

    public AppHostOptions Options { get; }

    public static AppHostBuilder Create(string[] args) => new(WebApplication.CreateSlimBuilder(args));

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(resource);
    }

    /// <summary>Prints <paramref name="line"/> once every service is healthy, after the gateway's address; then runs <paramref name="printed"/>.</summary>
    public void AnnounceWhenReady(string line, Action? printed = null) => _announcements.Add(line, printed);

    public WebApplication Build()
    {
        var model = new ResourceModel(_resources);
        EndpointAllocator.Assign(model);

        _web.AddQuietLogging();
        _web.AddDashboard(Options);
        _web.AddOrchestration(model, Options);
        _web.Services.AddSingleton(_announcements);

        var app = _web.Build();
        app.MapDashboard();
        return app;
    }
}
