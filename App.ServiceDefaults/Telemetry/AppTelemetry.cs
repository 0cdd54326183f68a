using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace App.ServiceDefaults.Telemetry;

/// <summary>The activity source and meter that the app's own code records to; exported with the framework's.</summary>
public static class AppTelemetry
{
    public const string SourceName = "App";
    public const string MeterName = "App";

    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(MeterName);
}
