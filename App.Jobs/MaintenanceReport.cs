namespace App.Jobs;

public sealed record MaintenanceReport(int LeasesReaped, int BlobsPurged, int AbandonedCanceled, int EventsPurged = 0);
