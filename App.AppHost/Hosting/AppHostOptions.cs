namespace App.AppHost.Hosting;

/// <summary>
/// Command-line options (<c>--gateway-port</c>, <c>--dashboard-port</c>, <c>--data-dir</c>, <c>--environment</c>,
/// <c>--stop-grace-seconds</c>); the environment name also comes from DOTNET_ENVIRONMENT or ASPNETCORE_ENVIRONMENT.
/// </summary>
public sealed record AppHostOptions(
    int GatewayPort,
    int DashboardPort,
    string DataDirectory,
    string EnvironmentName,
    TimeSpan StopGracePeriod)
{
    public static AppHostOptions From(IConfiguration configuration) => new(
        configuration.GetValue("gateway-port", 8080),
        configuration.GetValue("dashboard-port", 0),
        Path.GetFullPath(configuration["data-dir"] ?? ".data"),
        // Run by hand, the AppHost is a developer's tool: Development unless told otherwise.
        configuration["environment"] ?? "Development",
        TimeSpan.FromSeconds(configuration.GetValue("stop-grace-seconds", 10)));
}
