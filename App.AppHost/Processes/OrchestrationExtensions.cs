using App.AppHost.Hosting;
using App.AppHost.Resources;

namespace App.AppHost.Processes;

public static class OrchestrationExtensions
{
    public static WebApplicationBuilder AddOrchestration(this WebApplicationBuilder builder, ResourceModel model, AppHostOptions options)
    {
        builder.Services.AddSingleton(model);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ChildProcessLauncher>();
        builder.Services.AddSingleton(new HealthProbe(HealthProbe.CreateClient()));
        builder.Services.AddSingleton<ConsoleOutput>();
        builder.Services.AddHostedService<Orchestrator>();
        // Room for every service's grace period plus the final kill: the host must not give up on the stop half way.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.StopGracePeriod * 2 + TimeSpan.FromSeconds(5));
        return builder;
    }
}
