using System.Diagnostics.Metrics;

namespace App.Jobs;

/// <summary>
/// Meter "App.Jobs". The queue gauges report the last sample taken by <see cref="JobMaintenance"/>, so a metrics
/// scrape never queries the database; a process that runs no maintenance reports no gauge values.
/// </summary>
public sealed class JobMetrics
{
    public const string MeterName = "App.Jobs";

    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _finished;
    private QueueSample? _sample;

    public JobMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _enqueued = meter.CreateCounter<long>("app.jobs.enqueued", "{job}", "Jobs enqueued, by kind.");
        _finished = meter.CreateCounter<long>("app.jobs.finished", "{job}", "Jobs that reached a final state, by status.");
        meter.CreateObservableGauge("app.jobs.queue.depth", ObserveDepth, "{job}", "Queued jobs, including those waiting out a backoff.");
        meter.CreateObservableGauge("app.jobs.queue.oldest_age", ObserveOldestAge, "s", "Age of the oldest queued job.");
    }

    internal void Enqueued(string kind) => _enqueued.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal void Finished(string kind, string status) =>
        _finished.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("status", status));

    internal void Sampled(QueueSample sample) => Volatile.Write(ref _sample, sample);

    private IEnumerable<Measurement<long>> ObserveDepth() =>
        Volatile.Read(ref _sample) is { } s ? [new Measurement<long>(s.Depth)] : [];

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        Volatile.Read(ref _sample) is { } s ? [new Measurement<double>(s.OldestAge.TotalSeconds)] : [];

    internal sealed record QueueSample(long Depth, TimeSpan OldestAge);
}
