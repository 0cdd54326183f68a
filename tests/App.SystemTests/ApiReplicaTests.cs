using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using App.Testing;

namespace App.SystemTests;

/// <summary>
/// The system with two api replicas (<c>--api-replicas 2</c>: resources <c>api</c> and <c>api-2</c>), exporting spans
/// to a receiver in the test: a span's service name says which replica served a request.
/// </summary>
public sealed class ReplicatedAppHost : TracedAppHost
{
    protected override IReadOnlyList<string> Arguments { get; } = ["--api-replicas", "2"];

    protected override IReadOnlyDictionary<string, string> Environment =>
        new Dictionary<string, string>(base.Environment.Concat(ParkedJobs.Settings));
}

/// <summary>The gateway balances over every api replica and stops sending to one that has died.</summary>
public sealed class ApiReplicaTests(ReplicatedAppHost app) : IClassFixture<ReplicatedAppHost>
{
    private static readonly string[] Replicas = ["api", "api-2"];

    /// <summary>From the kill on, requests may fail only this long (YARP's passive and active health checks)...</summary>
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(5);

    /// <summary>...and only this many of them, at one request every <see cref="LoadInterval"/>.</summary>
    private const int MaxFailures = 10;

    private static readonly TimeSpan LoadInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Each_replica_is_its_own_process_and_the_gateway_and_worker_get_every_replica_address()
    {
        var pids = Replicas.Select(r => Assert.Single(app.ProcessesOf(r))).ToList();
        var addresses = Replicas.Select(r => app.ServiceAddress(r)).ToList();

        Assert.Equal(pids.Count, pids.Distinct().Count());
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
        foreach (var service in new[] { "gateway", "worker" })
        {
            var environment = ProcessTable.EnvironmentOf(Assert.Single(app.ProcessesOf(service)));
            Assert.Equal(addresses, [new Uri(environment["services__api__http__0"]), new Uri(environment["services__api__http__1"])]);
            Assert.False(environment.ContainsKey("services__api__http__2"), $"{service} has a third api address");
        }
    }

    [Fact]
    public async Task Requests_through_the_gateway_reach_both_replicas()
    {
        using var client = app.Client();
        var sent = 0;

        // Keep sending: a replica another test restarted may still be out of YARP's rotation for a few seconds.
        var served = await Eventually.UntilAsync(
            async () =>
            {
                for (var i = 0; i < 10; i++, sent++)
                {
                    using var response = await client.GetAsync("/api/v1/info");
                    response.EnsureSuccessStatusCode();
                }

                return ServedBy("GET /api/v1/info");
            },
            counts => Replicas.All(r => counts.GetValueOrDefault(r) > 0),
            TimeSpan.FromSeconds(30),
            counts => $"{sent} requests served by: {Describe(counts)}");

        Assert.All(Replicas, r => Assert.True(served[r] > 0, r));
    }

    [Fact]
    public async Task A_crashed_replica_costs_a_few_requests_for_a_few_seconds_and_an_open_event_stream_goes_on()
    {
        using var client = app.Client(app.AdminKey);
        var jobId = await ParkedJobs.SubmitAsync(client);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var load = new Load(app.Client(app.AdminKey), $"/api/v1/jobs/{jobId}");
        var loading = load.RunAsync();
        try
        {
            // Before the kill api-2 takes its share of the load, so the kill hits requests.
            await Eventually.UntilAsync(
                () => Task.FromResult(ServedBy("GET /api/v1/jobs/")),
                counts => counts.GetValueOrDefault("api-2") > 0,
                TimeSpan.FromSeconds(30),
                counts => $"The load was served by: {Describe(counts)}");

            // Opened only now: YARP's power-of-two-choices sends new requests to the replica with fewer in flight, so
            // with the stream open on one replica the sequential load goes to the other.
            var stream = new ResumingEventStream(app.Client(app.AdminKey), ParkedJobs.EventsPath(jobId));
            var following = stream.FollowAsync(stop.Token);
            await Eventually.UntilAsync(() => Task.FromResult(stream.Events.Count), n => n > 0, TimeSpan.FromSeconds(10),
                _ => "The job's event stream brought nothing (it starts with the queued state).");
            var killedAt = load.Clock.Elapsed;
            await app.CrashAsync("api-2");
            await Task.Delay(RecoveryLimit + TimeSpan.FromSeconds(5));

            // The job ends; whichever replica served the stream, it (resumed after Last-Event-ID if it broke) says so.
            using (var cancel = await client.DeleteAsync($"/api/v1/jobs/{jobId}"))
            {
                Assert.True(cancel.IsSuccessStatusCode, $"cancel: {(int)cancel.StatusCode}");
            }

            await following.WaitAsync(TimeSpan.FromSeconds(15));
            load.Stop();
            var results = await loading;

            var failures = results.Where(r => !r.Succeeded).ToList();
            var report = string.Join("; ", failures.Select(f => $"{(f.At - killedAt).TotalSeconds:+0.00;-0.00} s to {(f.Ended - killedAt).TotalSeconds:+0.00;-0.00} s: {f.What}{Explain(f.TraceId)}"));
            // A request sent just before the kill may still be in flight on the killed replica: only one answered before it counts.
            Assert.False(failures.Any(f => f.Ended < killedAt), $"Requests failed before the kill: {report}");
            Assert.True(failures.Count <= MaxFailures, $"{failures.Count} of {results.Count} requests failed: {report}");
            Assert.True(failures.All(f => f.At <= killedAt + RecoveryLimit), $"Requests failed later than {RecoveryLimit.TotalSeconds} s after the kill: {report}");
            Assert.True(results.Count(r => r.At > killedAt + RecoveryLimit) >= 20, $"Too few requests after recovery: {results.Count}");

            var events = stream.Events.ToList();
            Assert.Equal("queued", Status(events[0]));
            Assert.Equal("canceled", Status(events[^1]));
            var ids = events.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(ids.Order().Distinct(), ids);
        }
        finally
        {
            await stop.CancelAsync();
            load.Stop();
            await loading;
            await app.StartServiceAsync("api-2");
        }
    }

    /// <summary>Requests (spans) each api replica served whose name starts with <paramref name="spanName"/>.</summary>
    private Dictionary<string, int> ServedBy(string spanName) =>
        app.Receiver.Spans
            .Where(s => Replicas.Contains(s.Service) && s.Name.StartsWith(spanName, StringComparison.Ordinal))
            .GroupBy(s => s.Service)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>What the spans of a failed request's trace say (service, span, and the attributes that tell a failure).</summary>
    private string Explain(string? traceId)
    {
        if (traceId is null)
        {
            return "";
        }

        string[] telling = ["error.type", "http.response.status_code", "server.port", "exception.type", "exception.message"];
        var spans = app.Receiver.Spans.Where(s => s.TraceId == traceId).Select(s =>
            $"{s.Service} '{s.Name}' {string.Join(" ", telling.Where(s.Attributes.ContainsKey).Select(k => $"{k}={s.Attributes[k]}"))}");
        return $" (trace {traceId}: {string.Join(" | ", spans)})";
    }

    private static string Describe(Dictionary<string, int>? counts) =>
        counts is null or { Count: 0 } ? "no replica" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

    private static string? Status(ServerSentEvent e) => e.Data.GetProperty("status").GetString();

    /// <summary>One request: sent <paramref name="At"/>, answered (or failed) <paramref name="Ended"/>.</summary>
    private sealed record LoadResult(TimeSpan At, TimeSpan Ended, bool Succeeded, string What, string? TraceId = null);

    /// <summary>One request at a time, every <see cref="LoadInterval"/>, each with a 5 s limit, until stopped.</summary>
    private sealed class Load(HttpClient client, string path)
    {
        private readonly CancellationTokenSource _stop = new();

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public void Stop() => _stop.Cancel();

        public async Task<List<LoadResult>> RunAsync()
        {
            client.Timeout = TimeSpan.FromSeconds(5);
            var results = new List<LoadResult>();
            using (client)
            {
                while (!_stop.IsCancellationRequested)
                {
                    var at = Clock.Elapsed;
                    try
                    {
                        using var response = await client.GetAsync(path);
                        results.Add(response.IsSuccessStatusCode
                            ? new LoadResult(at, Clock.Elapsed, true, $"{(int)response.StatusCode}")
                            : await FailureAsync(at, Clock.Elapsed, response));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        results.Add(new LoadResult(at, Clock.Elapsed, false, e.GetType().Name));
                    }

                    await Task.Delay(LoadInterval);
                }
            }

            return results;
        }

        /// <summary>A failed answer with its problem's code and trace, which the spans then explain.</summary>
        private static async Task<LoadResult> FailureAsync(TimeSpan at, TimeSpan ended, HttpResponseMessage response)
        {
            string? code = null, traceId = null;
            try
            {
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                code = problem.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
                traceId = problem.RootElement.TryGetProperty("traceId", out var t) ? t.GetString() : null;
            }
            catch (Exception e) when (e is JsonException or HttpRequestException)
            {
            }

            return new LoadResult(at, ended, false, $"{(int)response.StatusCode} {code}", traceId);
        }
    }

    /// <summary>
    /// Follows a job's events as a client that reconnects does: when the stream breaks before the final state it asks
    /// again, after the last event it has (Last-Event-ID), every 250 ms until one answers.
    /// </summary>
    private sealed class ResumingEventStream(HttpClient client, string path)
    {
        public ConcurrentQueue<ServerSentEvent> Events { get; } = new();

        public async Task FollowAsync(CancellationToken cancellationToken)
        {
            using (client)
            {
                while (true)
                {
                    try
                    {
                        await foreach (var e in ServerSentEvents.FollowAsync(client, path, Events.LastOrDefault()?.Id, cancellationToken))
                        {
                            Events.Enqueue(e);
                            if (e.Type == "state" && Status(e) is "succeeded" or "failed" or "canceled")
                            {
                                return;
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or Xunit.Sdk.XunitException)
                    {
                        // Broken, or not an event stream (502 while the gateway still tries the dead replica): ask again.
                    }

                    await Task.Delay(250, cancellationToken);
                }
            }
        }
    }
}
