using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace App.Jobs;

/// <summary>
/// Meter "App.Jobs". The queue gauges report the last sample taken by <see cref="JobMaintenance"/>, per kind, so a
/// metrics scrape never queries the database; a process that runs no maintenance reports no gauge values. Every kind
/// this process enqueues or claims reports (zero when its queue is empty), so an alert sees a value, not an absent series.
/// </summary>
public sealed class JobMetrics
{
    public const string MeterName = "App.Jobs";

    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _claimed;
    private readonly ConcurrentDictionary<string, byte> _kinds = new();
    private readonly Lock _sampleLock = new();
    private IReadOnlyDictionary<string, QueueSample> _samples = new Dictionary<string, QueueSample>();
    private bool _sampled;

    public JobMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _enqueued = meter.CreateCounter<long>("app.jobs.enqueued", "{job}", "Jobs enqueued, by kind.");
        _finished = meter.CreateCounter<long>("app.jobs.finished", "{job}", "Jobs that reached a final state, by kind and status.");
        _claimed = meter.CreateCounter<long>("app.jobs.claimed", "{job}", "Attempts started by a worker, by kind.");
        meter.CreateObservableGauge("app.jobs.queue.depth", ObserveDepth, "{job}", "Queued jobs per kind, including those waiting out a backoff.");
        meter.CreateObservableGauge("app.jobs.queue.oldest_age", ObserveOldestAge, "s", "Age of the oldest queued job per kind.");
    }

    internal void Enqueued(string kind)
    {
        _kinds.TryAdd(kind, 0);
        _enqueued.Add(1, new KeyValuePair<string, object?>("kind", kind));
    }

    /// <summary>The kinds a worker asks for: their queues are reported even before a job of theirs is seen.</summary>
    internal void Watch(IEnumerable<string> kinds)
    {
        foreach (var kind in kinds)
        {
            _kinds.TryAdd(kind, 0);
        }
    }

    internal void Finished(string kind, string status) =>
        _finished.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("status", status));

    internal void Claimed(string kind) => _claimed.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Replaces the sample; watched kinds absent from it report an empty queue.</summary>
    internal void Sampled(IReadOnlyDictionary<string, QueueSample> byKind)
    {
        lock (_sampleLock)
        {
            var merged = _kinds.Keys.ToDictionary(kind => kind, _ => QueueSample.Empty);
            foreach (var (kind, sample) in byKind)
            {
                merged[kind] = sample;
            }

            _samples = merged;
            _sampled = true;
        }
    }

    private IEnumerable<Measurement<long>> ObserveDepth() =>
        Observe(s => new Measurement<long>(s.Value.Depth, new KeyValuePair<string, object?>("kind", s.Key)));

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        Observe(s => new Measurement<double>(s.Value.OldestAge.TotalSeconds, new KeyValuePair<string, object?>("kind", s.Key)));

    private List<T> Observe<T>(Func<KeyValuePair<string, QueueSample>, T> measure)
    {
        lock (_sampleLock)
        {
            return _sampled ? _samples.Select(measure).ToList() : [];
        }
    }

    internal sealed record QueueSample(long Depth, TimeSpan OldestAge)
    {
        public static readonly QueueSample Empty = new(0, TimeSpan.Zero);
    }
}
