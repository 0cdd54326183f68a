using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using App.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace App.SystemTests;

/// <summary>
/// The distributed system as the AppHost runs it by default: two api and two worker replicas on PostgreSQL. Short
/// leases and maintenance every second, so a killed worker's job is back in the queue within seconds; enough attempts
/// that a job hit by several kills still ends succeeded.
/// </summary>
public sealed class FaultedAppHost : AppHostFixture, IAsyncLifetime
{
    protected override IReadOnlyList<string> Arguments { get; } = ["--api-replicas", "2", "--worker-replicas", "2"];

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(ParkedJobs.Settings)
    {
        ["Worker__LeaseDuration"] = "00:00:03",
        ["Jobs__MaintenanceInterval"] = "00:00:01",
        ["Jobs__DefaultMaxAttempts"] = "10",
        ["Jobs__BackoffBase"] = "00:00:00.200",
        ["Jobs__BackoffMax"] = "00:00:01",
    };

    /// <summary>Nothing to start in embedded mode: every test here is distributed only.</summary>
    public new Task InitializeAsync() => Distributed ? base.InitializeAsync() : Task.CompletedTask;
}

public sealed partial class ReplicaFaultTests(FaultedAppHost app) : IClassFixture<FaultedAppHost>
{
    private static readonly string[] Workers = ["worker", "worker-2"];
    private static readonly TimeSpan FinishLimit = TimeSpan.FromMinutes(4);

    [DistributedFact]
    public async Task Five_hundred_jobs_through_twenty_worker_kills_each_succeed_exactly_once_and_both_workers_take_part()
    {
        const int jobs = 500, kills = 20;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var workerOf = new ConcurrentDictionary<int, string>();
        void RecordWorkers()
        {
            foreach (var name in Workers)
            {
                foreach (var pid in app.ProcessesOf(name))
                {
                    workerOf[pid] = name;
                }
            }
        }

        RecordWorkers();
        var accepted = new ConcurrentBag<Guid>();
        using var client = app.Client(app.AdminKey);
        // Each round: a burst of uploads, so both workers are busy, then, a moment later, one worker killed mid-job and
        // started again while the other carries on and the burst's jobs keep arriving.
        for (var round = 0; round < kills; round++)
        {
            var burst = Enumerable.Range(0, jobs / kills).Select(async _ => accepted.Add(await SubmitAsync(client))).ToList();
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(100, 600)));
            var victim = Workers[random.Next(Workers.Length)];
            RecordWorkers();
            await app.CrashAsync(victim);
            await Task.WhenAll(burst);
            await app.StartServiceAsync(victim);
            RecordWorkers();
        }

        Assert.Equal(jobs, accepted.Distinct().Count());

        var rows = await WaitForFinalStatesAsync(accepted.ToHashSet());
        var notSucceeded = rows.Where(r => r.Status != "succeeded").ToList();
        Assert.True(notSucceeded.Count == 0,
            $"seed {seed}: {notSucceeded.Count} jobs did not succeed: {string.Join("; ", notSucceeded.Take(5).Select(r => $"{r.Id} {r.Status} {r.ErrorCode}"))}");
        // Written once: one result, and exactly one 'succeeded' event per job, however many attempts it took.
        Assert.All(rows, r => Assert.True(r.HasResult && r.SucceededEvents == 1, $"seed {seed}: job {r.Id}: result {r.HasResult}, {r.SucceededEvents} succeeded events"));
        Assert.True(rows.Any(r => r.RunningEvents > 1), $"seed {seed}: no job was taken over from a killed worker");
        // Both replicas completed jobs (the worker id names the process that held the lease).
        var finishers = rows.Select(r => WorkerPid().Match(r.LeaseOwner ?? "")).Where(m => m.Success)
            .Select(m => workerOf.GetValueOrDefault(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), "?"))
            .ToHashSet();
        Assert.Superset(Workers.ToHashSet(), finishers);
    }

    [DistributedFact]
    public async Task A_postgresql_restart_answers_503_with_retry_after_meanwhile_and_loses_no_accepted_job()
    {
        using var client = app.Client(app.AdminKey);
        var accepted = new List<Guid> { await SubmitAsync(client) };
        var postmaster = await PostmasterPidAsync();

        // A fast shutdown (SIGINT), as a restart or failover does it; Aspire sees the server exit.
        PosixSignals.Send(postmaster, PosixSignals.Sigint);
        try
        {
            using (var down = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await app.App.ResourceNotifications.WaitForResourceAsync("postgres", KnownResourceStates.TerminalStates, down.Token);
            }

            for (var i = 0; i < 5; i++)
            {
                using var form = Wav.Upload(Wav.Tone());
                using var refused = await client.PostAsync("/api/v1/predictions", form);
                var body = await refused.Content.ReadAsStringAsync();
                Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"while PostgreSQL is down: {(int)refused.StatusCode} {body}");
                Assert.NotNull(refused.Headers.RetryAfter);
                Assert.Equal("database_unavailable", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
            }
        }
        finally
        {
            var restart = await app.App.ResourceCommands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand);
            Assert.True(restart.Success, restart.Message);
        }

        // This test's own pooled connections died with the server too.
        Npgsql.NpgsqlConnection.ClearAllPools();
        // Everything recovers on its own: a client that retries its 503s gets each upload accepted (a service's pool
        // drops each dead connection at its first use, so a few more 503s may come first; never another status).
        for (var i = 0; i < 6; i++)
        {
            accepted.Add(await Eventually.UntilAsync(() => TrySubmitAsync(client), id => id is not null, TimeSpan.FromSeconds(60), _ => "no upload accepted after the restart") ?? Guid.Empty);
        }

        var rows = await WaitForFinalStatesAsync(accepted.ToHashSet());
        Assert.All(rows, r => Assert.Equal("succeeded", r.Status));
    }

    /// <summary>Submits as a well-behaved client does: a 503 with Retry-After is tried again (any other refusal fails the test).</summary>
    private static async Task<Guid> SubmitAsync(HttpClient client) =>
        await Eventually.UntilAsync(() => TrySubmitAsync(client), id => id is not null, TimeSpan.FromSeconds(60), _ => "every try answered 503") ?? Guid.Empty;

    /// <returns>The job's id, or null for a 503 with Retry-After (any other status fails the test).</returns>
    private static async Task<Guid?> TrySubmitAsync(HttpClient client)
    {
        using var form = Wav.Upload(Wav.Tone());
        using var response = await client.PostAsync("/api/v1/predictions", form);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            return null;
        }

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<int> PostmasterPidAsync()
    {
        await using var connection = await app.OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT setting FROM pg_settings WHERE name = 'data_directory'";
        var dataDirectory = (string)(await command.ExecuteScalarAsync())!;
        return int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<JobRow>> WaitForFinalStatesAsync(HashSet<Guid> ids) =>
        await Eventually.UntilAsync(
            () => ReadJobsAsync(ids),
            rows => rows.Count == ids.Count && rows.All(r => r.Status is "succeeded" or "failed" or "canceled"),
            FinishLimit,
            rows => $"{rows?.Count(r => r.Status is "queued" or "running")} of {ids.Count} jobs not final");

    private async Task<List<JobRow>> ReadJobsAsync(HashSet<Guid> ids)
    {
        await using var connection = await app.OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT j.id, j.status, j.result IS NOT NULL, j.error_code, j.lease_owner,
                   (SELECT count(*) FROM job_events e WHERE e.job_id = j.id AND e.type = 'state' AND e.status = 'succeeded'),
                   (SELECT count(*) FROM job_events e WHERE e.job_id = j.id AND e.type = 'state' AND e.status = 'running')
            FROM jobs j
            """;
        var rows = new List<JobRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            if (ids.Contains(id))
            {
                rows.Add(new JobRow(id, reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6)));
            }
        }

        return rows;
    }

    private sealed record JobRow(Guid Id, string Status, bool HasResult, string? ErrorCode, string? LeaseOwner, long SucceededEvents, long RunningEvents);

    /// <summary>Worker ids are "App.Worker/machine/pid/..." (ClaimLoopService).</summary>
    [GeneratedRegex(@"^App\.Worker/[^/]*/(\d+)/")]
    private static partial Regex WorkerPid();
}
