using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Testing;
using Aspire.Hosting.Testing;
using StackExchange.Redis;

namespace App.SystemTests;

/// <summary>The whole system as the real AppHost starts it (Aspire.Hosting.Testing): real processes, real HTTP on loopback.</summary>
public sealed class AppHostTests(AppHostFixture app) : IClassFixture<AppHostFixture>
{
    private static readonly string[] Services = ["api", "rag", "worker"];

    [Fact]
    public async Task Gateway_health_reports_every_service_healthy_on_the_requested_port()
    {
        var (status, report) = await app.GatewayHealthAsync();

        Assert.Equal(new Uri($"http://localhost:{app.GatewayPort}"), app.Gateway);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.Status);
        Assert.All(Services, name => Assert.Equal("Healthy", report.Checks[name].Status));
    }

    /// <summary>
    /// Distributed, the worker waits on Redis (<c>app:jobs:enqueued</c>) and hears of a new job from there, and the job's
    /// changes go out on <c>app:jobs:changed</c> for the api replicas' event streams (App.Jobs' RedisJobSignal).
    /// </summary>
    [DistributedFact]
    public async Task The_worker_waits_on_redis_and_a_job_s_wake_up_and_changes_go_over_it()
    {
        var connectionString = await app.App.GetConnectionStringAsync("cache") ?? throw new InvalidOperationException("no cache connection string");
        using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var enqueued = RedisChannel.Literal("app:jobs:enqueued");
        var changed = RedisChannel.Literal("app:jobs:changed");
        await Eventually.UntilAsync<long>(
            () => redis.GetServer(redis.GetEndPoints()[0]).SubscriptionSubscriberCountAsync(enqueued),
            count => count >= 1, TimeSpan.FromSeconds(30), count => $"{count} subscribers to {enqueued}");
        var heard = new ConcurrentQueue<(string Channel, string Message)>();
        await redis.GetSubscriber().SubscribeAsync(enqueued, (c, m) => heard.Enqueue((c.ToString(), m.ToString())));
        await redis.GetSubscriber().SubscribeAsync(changed, (c, m) => heard.Enqueue((c.ToString(), m.ToString())));

        using var client = app.Client(app.AdminKey);
        using var accepted = await client.PostAsync("/api/v1/predictions", Wav.Upload(Wav.Tone()));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await Eventually.UntilAsync(
            () => Task.FromResult(heard.ToList()),
            messages => messages.Any(m => m.Channel == enqueued.ToString()) && messages.Any(m => m.Channel == changed.ToString() && m.Message == jobId),
            TimeSpan.FromSeconds(30),
            messages => $"heard: {string.Join(", ", messages ?? [])}");
    }

    [Fact]
    public void Services_receive_the_aspire_variables()
    {
        var rag = ProcessTable.EnvironmentOf(Assert.Single(app.ProcessesOf("rag")));
        var gateway = ProcessTable.EnvironmentOf(Assert.Single(app.ProcessesOf("gateway")));

        if (AppHostFixture.Distributed)
        {
            Assert.StartsWith("Host=127.0.0.1;", rag["ConnectionStrings__appdb"], StringComparison.Ordinal);
            Assert.Contains("Database=appdb", rag["ConnectionStrings__appdb"], StringComparison.Ordinal);
            // Blobs (and the shared key rings) on the AppHost's Azurite.
            Assert.StartsWith("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;", rag["ConnectionStrings__blobs"], StringComparison.Ordinal);
            Assert.Matches(@"BlobEndpoint=http://127\.0\.0\.1:\d+/devstoreaccount1;", rag["ConnectionStrings__blobs"]);
            Assert.True(Directory.Exists(Path.Combine(app.DataDirectory, "azurite")));
        }
        else
        {
            Assert.Equal($"Data Source={Path.Combine(app.DataDirectory, "app.db")}", rag["ConnectionStrings__appdb"]);
            Assert.Equal(Path.Combine(app.DataDirectory, "blobs"), rag["ConnectionStrings__blobs"]);
        }

        Assert.Equal(rag["ConnectionStrings__blobs"], gateway["ConnectionStrings__blobs"]);
        Assert.Equal("true", rag["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal("rag", rag["OTEL_SERVICE_NAME"]);
        Assert.All(Services, name => Assert.StartsWith("http://localhost:", gateway[$"services__{name}__http__0"], StringComparison.Ordinal));
        // The gateway reads keys, plans and rate-limit counters from the same database, and signs with the services' shared key.
        Assert.Equal(rag["ConnectionStrings__appdb"], gateway["ConnectionStrings__appdb"]);
        Assert.Equal(rag["Identity__InternalSigningKey"], gateway["Identity__InternalSigningKey"]);
        Assert.True(rag["Identity__InternalSigningKey"].Length >= 32);
    }

    [Fact]
    public async Task A_service_stopped_behind_the_gateway_turns_its_health_unhealthy_and_a_restart_heals_it()
    {
        await app.CrashAsync("rag");
        var (down, _) = await Eventually.UntilAsync(app.GatewayHealthAsync, h => h.Status != HttpStatusCode.OK, TimeSpan.FromSeconds(30),
            h => $"Gateway health stayed {h.Status}");
        await app.StartServiceAsync("rag");
        var (_, report) = await Eventually.UntilAsync(app.GatewayHealthAsync, h => h.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60),
            h => $"Gateway health: {h.Status}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal("Healthy", report.Checks["rag"].Status);
    }
}
