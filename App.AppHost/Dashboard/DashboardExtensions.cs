using System.Text.Json.Serialization;
using App.AppHost.Hosting;
using App.AppHost.Processes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace App.AppHost.Dashboard;

public static class DashboardExtensions
{
    /// <summary>The status page listens on loopback only, on <c>--dashboard-port</c> (zero: a free port).</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder, AppHostOptions options)
    {
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.DashboardPort}");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapDashboardEndpoints();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            ConsoleOutput.Announce($"Dashboard: {addresses.Addresses.First()}");
        });
        return app;
    }
}
