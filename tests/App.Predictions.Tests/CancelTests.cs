using System.Net;
using App.Predictions.Tests.Infrastructure;
using App.Testing;

namespace App.Predictions.Tests;

[Collection(PredictionsCollection.Name)]
public sealed class CancelTests(PredictionsAppHost app)
{
    [Fact]
    public async Task Running_job_is_canceled_stays_canceled_without_a_result_and_a_second_cancel_is_409()
    {
        using var client = await app.NewTenantClientAsync("cancel");
        var job = await client.SubmitAsync(SpeechAudio.LongSpeech(1200));
        await client.UntilAsync(job.Id(), j => j.Status() == "running");

        var (status, canceled, _) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/jobs/{job.Id()}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("canceled", canceled.Status());

        var events = await ServerSentEvents.ReadAllAsync(client, $"/api/v1/jobs/{job.Id()}/events");
        Assert.Equal("canceled", events[^1].Data.GetProperty("status").GetString());

        // Long enough for the worker to have finished the clip had it not stopped: it must not write a result.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = await client.GetJobAsync(job.Id());
        Assert.Equal("canceled", after.Status());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("result").ValueKind);

        var (again, problem, _) = await client.SendAsync(HttpMethod.Delete, $"/api/v1/jobs/{job.Id()}");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("job_finished", problem.Code());
    }
}
