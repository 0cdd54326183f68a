using System.Diagnostics.Metrics;

namespace App.Rag.Telemetry;

/// <summary>Meter "App.Rag" (exported through the service defaults' "App.*" wildcard).</summary>
internal static class RagTelemetry
{
    private static readonly Meter Meter = new("App.Rag");

    /// <summary>Query embedding plus lexical and dense ranking and fusion, tagged with the mode that answered.</summary>
    public static readonly Histogram<double> RetrievalDuration = Meter.CreateHistogram<double>(
        "app.rag.retrieval.duration", "s", "Time to rank one query's chunks (query embedding, lexical and dense search, fusion).");
}
