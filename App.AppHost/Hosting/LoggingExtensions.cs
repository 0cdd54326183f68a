namespace App.AppHost.Hosting;

public static class LoggingExtensions
{
    /// <summary>The console belongs to the services' output; the AppHost's own framework logs show only when something is wrong.</summary>
    public static WebApplicationBuilder AddQuietLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }
}
