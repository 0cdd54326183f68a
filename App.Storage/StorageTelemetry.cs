using System.Diagnostics.Metrics;

namespace App.Storage;

/// <summary>
/// Meter "App.Storage": free space on the volume that holds the local blob folder (and, embedded, the database beside
/// it), read when a scrape asks, for the "disk low" alert.
/// </summary>
internal static class StorageTelemetry
{
    private static readonly Meter Meter = new("App.Storage");
    private static readonly HashSet<string> Folders = [];

    static StorageTelemetry()
    {
        Meter.CreateObservableGauge("app.storage.disk.free_ratio", ObserveFreeRatio, "1",
            "Share of the blob folder's volume still free for this process (0 to 1).");
        Meter.CreateObservableGauge("app.storage.disk.available", ObserveAvailable, "By",
            "Bytes free for this process on the blob folder's volume.");
    }

    public static void Watch(string folder)
    {
        lock (Folders)
        {
            Folders.Add(folder);
        }
    }

    private static IEnumerable<Measurement<double>> ObserveFreeRatio() =>
        Drives().Select(d => new Measurement<double>((double)d.Drive.AvailableFreeSpace / d.Drive.TotalSize, d.Tag));

    private static IEnumerable<Measurement<long>> ObserveAvailable() =>
        Drives().Select(d => new Measurement<long>(d.Drive.AvailableFreeSpace, d.Tag));

    private static List<(DriveInfo Drive, KeyValuePair<string, object?> Tag)> Drives()
    {
        lock (Folders)
        {
            return Folders.Select(f => (Drive: new DriveInfo(f), Folder: f))
                .Where(d => d.Drive.IsReady && d.Drive.TotalSize > 0)
                .Select(d => (d.Drive, new KeyValuePair<string, object?>("folder", d.Folder)))
                .ToList();
        }
    }
}
