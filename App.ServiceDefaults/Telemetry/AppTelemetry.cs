using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace App.ServiceDefaults.Telemetry;

/// <summary>
/// The activity sources and meters that the app's own code records to, exported with the framework's: "App", and each
/// module's "App.*" (App.Jobs, App.Inference), which the wildcard picks up. Npgsql traces and meters under its own name.
/// </summary>
public static class AppTelemetry
{
    public const string SourceName = "App";
    public const string MeterName = "App";
    public const string ModuleWildcard = "App.*";
    public const string NpgsqlName = "Npgsql";

    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(MeterName);
}
