using System.Net;
using System.Text.Json;
using App.Predictions.Tests.Infrastructure;
using App.Testing;

namespace App.Predictions.Tests;

[Collection(PredictionsCollection.Name)]
public sealed class ScreeningFlowTests(PredictionsAppHost app)
{
    [Fact]
    public async Task Spoken_clip_yields_segments_covering_the_words_and_a_disclaimer()
    {
        using var client = await app.NewTenantClientAsync("flow");
        var (wav, speechStart, speechEnd) = SpeechAudio.PaddedSentence(padSeconds: 1.5);

        var accepted = await client.SubmitAsync(wav);
        var job = await client.UntilFinishedAsync(accepted.Id());

        Assert.Equal("succeeded", job.Status());
        Assert.Equal("speech-screening", job.GetProperty("model").GetString());
        Assert.Equal("5.0", job.GetProperty("modelVersion").GetString());
        Assert.Equal(100, job.GetProperty("progress").GetInt32());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        var result = job.GetProperty("result");
        Assert.Contains("Not a medical diagnosis", result.GetProperty("disclaimer").GetString());
        var timings = result.GetProperty("timings");
        Assert.True(timings.GetProperty("inferenceMs").GetDouble() > 0);
        Assert.Equal(
            timings.GetProperty("decodeMs").GetDouble() + timings.GetProperty("inferenceMs").GetDouble(),
            timings.GetProperty("totalMs").GetDouble(), 0.02);
        var segments = result.GetProperty("segments").EnumerateArray().ToList();
        Assert.NotEmpty(segments);
        var first = segments[0].GetProperty("start").GetDouble();
        var last = segments[^1].GetProperty("end").GetDouble();
        Assert.InRange(first, speechStart - 0.3, speechStart + 0.3);
        Assert.InRange(last, speechEnd - 0.4, speechEnd + 0.4);
        var covered = segments.Sum(s => s.GetProperty("end").GetDouble() - s.GetProperty("start").GetDouble());
        Assert.True(covered > 0.7 * (speechEnd - speechStart), $"segments cover {covered:F2} s of {speechEnd - speechStart:F2} s of speech");
    }

    [Fact]
    public async Task Silence_yields_a_speech_ratio_near_zero()
    {
        using var client = await app.NewTenantClientAsync("silence");

        var job = await client.UntilFinishedAsync((await client.SubmitAsync(SpeechAudio.Silence(4))).Id());

        Assert.Equal("succeeded", job.Status());
        Assert.InRange(job.GetProperty("result").GetProperty("speechRatio").GetDouble(), 0, 0.02);
        Assert.Empty(job.GetProperty("result").GetProperty("segments").EnumerateArray());
    }

    [Fact]
    public async Task Accepted_job_has_a_location_and_links_and_the_same_upload_returns_it_again()
    {
        using var client = await app.NewTenantClientAsync("dedupe");
        var wav = SpeechAudio.Silence(2.5);

        var (status, job, response) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions", PredictionsClient.Upload(wav));
        var (againStatus, again, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/predictions", PredictionsClient.Upload(wav));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal($"/api/v1/jobs/{job.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal($"/api/v1/jobs/{job.Id()}/events", job.GetProperty("links").GetProperty("events").GetString());
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(job.Id(), again.Id());
    }

    [Fact]
    public async Task Event_stream_delivers_progress_then_the_final_state_then_ends_and_resumes_after_last_event_id()
    {
        using var client = await app.NewTenantClientAsync("events");
        var job = await client.SubmitAsync(SpeechAudio.LongSpeech(600));

        var events = await ServerSentEvents.ReadAllAsync(client, $"/api/v1/jobs/{job.Id()}/events");

        Assert.Contains(events, e => e.Type == "progress" && e.Data.GetProperty("progress").GetInt32() is > 0 and < 100);
        var final = events[^1];
        Assert.Equal("state", final.Type);
        Assert.Equal("succeeded", final.Data.GetProperty("status").GetString());
        Assert.Equal("succeeded", final.Data.GetProperty("job").GetProperty("status").GetString());
        Assert.Single(events, e => e.Data.GetProperty("job").ValueKind == JsonValueKind.Object);
        var ids = events.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);

        var resumed = await ServerSentEvents.ReadAllAsync(client, $"/api/v1/jobs/{job.Id()}/events", events[^2].Id);
        Assert.Equal([final.Id], resumed.Select(e => e.Id));
        Assert.Empty(await ServerSentEvents.ReadAllAsync(client, $"/api/v1/jobs/{job.Id()}/events", final.Id));
    }

    [Fact]
    public async Task Batch_shows_each_job_and_the_counts_as_they_finish()
    {
        using var client = await app.NewTenantClientAsync("batch");
        using var form = new MultipartFormDataContent();
        PredictionsClient.AddFile(form, SpeechAudio.Silence(1.5), "a.wav");
        PredictionsClient.AddFile(form, SpeechAudio.PaddedSentence().Wav, "b.wav");
        PredictionsClient.AddFile(form, SpeechAudio.Silence(2), "c.wav");

        var (status, batch, response) = await client.SendAsync(HttpMethod.Post, "/api/v1/batches", form);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(3, batch.GetProperty("total").GetInt32());
        var path = response.Headers.Location!.OriginalString;

        var done = await App.Testing.Eventually.UntilAsync(
            async () => (await client.SendAsync(HttpMethod.Get, path)).Body,
            b => b.GetProperty("counts").TryGetProperty("succeeded", out var n) && n.GetInt32() == 3,
            TimeSpan.FromSeconds(60), b => $"Last seen: {b}");
        var jobs = done.GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(batch.GetProperty("jobs").EnumerateArray().Select(j => j.Id()), jobs.Select(j => j.Id()));
        Assert.All(jobs, j => Assert.Equal(batch.GetProperty("id").GetGuid(), j.GetProperty("batchId").GetGuid()));
        Assert.True(jobs[1].GetProperty("result").GetProperty("speechRatio").GetDouble() > 0.3);
    }

    [Fact]
    public async Task History_lists_only_the_callers_jobs_filtered_by_status()
    {
        using var client = await app.NewTenantClientAsync("history");
        var job = await client.SubmitAsync(SpeechAudio.Silence(1.25));
        await client.UntilFinishedAsync(job.Id());

        var (status, succeeded, _) = await client.SendAsync(HttpMethod.Get, "/api/v1/jobs?status=succeeded&pageSize=5");
        var (_, failed, _) = await client.SendAsync(HttpMethod.Get, "/api/v1/jobs?status=failed");
        var (badStatus, problem, _) = await client.SendAsync(HttpMethod.Get, "/api/v1/jobs?status=exploded");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([job.Id()], succeeded.GetProperty("items").EnumerateArray().Select(j => j.Id()));
        Assert.Equal(0, failed.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("invalid_query", problem.Code());
    }
}
