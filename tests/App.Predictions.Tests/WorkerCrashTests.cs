using App.Predictions.Tests.Infrastructure;
using App.Testing;

namespace App.Predictions.Tests;

[Collection(PredictionsCollection.Name)]
public sealed class WorkerCrashTests(PredictionsAppHost app)
{
    [Fact]
    public async Task Worker_killed_mid_job_and_started_again_runs_the_job_to_success_exactly_once_on_attempt_two()
    {
        using var client = await app.NewTenantClientAsync("crash");
        var job = await client.SubmitAsync(SpeechAudio.LongSpeech(1200));
        await client.UntilAsync(job.Id(), j => j.Status() == "running" && j.GetProperty("progress").GetInt32() >= 12);

        await app.CrashAsync("worker");
        await app.StartServiceAsync("worker");

        var done = await client.UntilFinishedAsync(job.Id(), seconds: 120);
        Assert.Equal("succeeded", done.Status());
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());

        var events = await ServerSentEvents.ReadAllAsync(client, $"/api/v1/jobs/{job.Id()}/events");
        Assert.Single(events, e => e.Type == "state" && e.Data.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled");
        Assert.Equal(2, events.Count(e => e.Type == "state" && e.Data.GetProperty("status").GetString() == "running"));
    }
}
