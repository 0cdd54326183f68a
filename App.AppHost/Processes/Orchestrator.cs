using App.AppHost.Hosting;
using App.AppHost.Resources;

namespace App.AppHost.Processes;

/// <summary>
/// Provisions the data resources, supervises every project, announces the external endpoints once everything is
/// healthy, and on shutdown (Ctrl+C, SIGTERM, SIGQUIT) stops the projects, dependents first.
/// </summary>
public sealed class Orchestrator(
    ResourceModel model,
    AppHostOptions options,
    ChildProcessLauncher launcher,
    HealthProbe probe,
    ConsoleOutput output,
    ReadyAnnouncements announcements) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        foreach (var resource in model.Resources.OfType<IProvisionedResource>())
        {
            resource.Provision();
        }

        var supervisors = model.Projects.Select(p => new ProjectSupervisor(p, options, launcher, probe, output)).ToList();
        foreach (var supervisor in supervisors)
        {
            supervisor.Start(stoppingToken);
        }

        try
        {
            await AnnounceWhenHealthyAsync(stoppingToken);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown requested: fall through to the ordered stop.
        }
        finally
        {
            await StopInOrderAsync(supervisors);
        }
    }

    private async Task AnnounceWhenHealthyAsync(CancellationToken stoppingToken)
    {
        var projects = model.Projects.ToList();
        while (!projects.All(p => p.Status.Snapshot().IsReady))
        {
            foreach (var project in projects)
            {
                await project.Status.WaitUntilAsync(s => s.IsReady, stoppingToken);
            }
        }

        foreach (var project in projects.Where(p => p.IsExternal))
        {
            ConsoleOutput.Announce($"{char.ToUpperInvariant(project.Name[0])}{project.Name[1..]}: {project.HttpUrl}");
        }

        announcements.PrintAll(ConsoleOutput.Announce);
    }

    /// <summary>The gateway goes before the services it forwards to, so that no request reaches a service that is already gone.</summary>
    private static async Task StopInOrderAsync(IReadOnlyList<ProjectSupervisor> supervisors)
    {
        // Two services that reference each other (api and worker nudge one another) set no order between them: both go in
        // the same layer. A longer cycle is cut where it is met again (it counts as 0 there).
        var depth = new Dictionary<IResource, int>();
        int DepthOf(IResource resource)
        {
            if (depth.TryGetValue(resource, out var known))
            {
                return known;
            }

            depth[resource] = 0;
            return depth[resource] = resource is ProjectResource project
                ? 1 + project.References.Where(r => !(r is ProjectResource other && other.References.Contains(project)))
                    .Concat(project.WaitsFor).Select(DepthOf).DefaultIfEmpty(0).Max()
                : 0;
        }

        foreach (var layer in supervisors.GroupBy(s => DepthOf(s.Project)).OrderByDescending(g => g.Key))
        {
            await Task.WhenAll(layer.Select(s => s.StopAsync()));
        }
    }
}
