using System.Net;
using System.Text.Json;
using App.Extractions.Tests.Infrastructure;
using App.Testing;

namespace App.Extractions.Tests;

[Collection(ExtractionsCollection.Name)]
public sealed class ExtractionFlowTests(ExtractionsAppHost app)
{
    [Fact]
    public async Task A_three_page_pdf_gives_every_sentence_on_the_page_it_came_from()
    {
        using var client = await app.NewTenantClientAsync("three-pages");
        var (pdf, pages, tag) = TestDocuments.Sentences(3);

        var accepted = await client.SubmitAsync(pdf);
        var done = await client.UntilFinishedAsync(accepted.Id());

        Assert.Equal("queued", accepted.Status());
        Assert.Equal("succeeded", done.Status());
        Assert.Equal("sentences", done.GetProperty("schema").GetString());
        var result = done.Result();
        Assert.Equal(3, result.GetProperty("pages").GetInt32());
        Assert.False(result.GetProperty("cached").GetBoolean());
        Assert.Equal(3, done.ModelCalls());
        Assert.Equal(30, result.GetProperty("usage").GetProperty("promptTokens").GetInt64());
        var sentences = result.GetProperty("data").GetProperty("sentences").EnumerateArray()
            .Select(s => (Text: s.GetProperty("text").GetString()!, Page: s.GetProperty("page").GetInt32())).ToList();
        var expected = pages.SelectMany((lines, i) => lines.Select(l => (Text: l, Page: i + 1))).ToList();
        // The stand-in claims page 99 for every sentence: the page comes from where the text was, not from the model.
        Assert.Equal(expected, sentences);
        var requests = app.Model.ChatRequests.Where(r => r.ToJsonString().Contains(tag, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("json_schema", r["response_format"]?["type"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_repeat_is_a_new_job_served_from_the_cache_without_calling_the_model()
    {
        using var client = await app.NewTenantClientAsync("cache");
        var (pdf, _, tag) = TestDocuments.Sentences(2);
        var first = await client.ExtractAsync(pdf);
        var callsAfterFirst = app.CallsFor(tag);

        var repeat = await client.ExtractAsync(pdf);
        var otherSchema = await client.ExtractAsync(pdf, "fields");

        Assert.Equal("succeeded", repeat.Status());
        Assert.NotEqual(first.Id(), repeat.Id());
        Assert.True(repeat.Result().GetProperty("cached").GetBoolean());
        Assert.Equal(0, repeat.ModelCalls());
        Assert.Equal(first.Result().GetProperty("data").GetRawText(), repeat.Result().GetProperty("data").GetRawText());
        Assert.Equal(2, callsAfterFirst);
        // The schema is part of the key: the same document with another schema asks the model again.
        Assert.False(otherSchema.Result().GetProperty("cached").GetBoolean());
        Assert.Equal(4, app.CallsFor(tag));
    }

    [Fact]
    public async Task An_invalid_answer_is_sent_back_with_its_errors_and_the_repaired_answer_is_used()
    {
        using var client = await app.NewTenantClientAsync("repair");
        var (pdf, _, tag) = TestDocuments.Sentences(1, marker: ScriptedModel.RepairOnce);

        var done = await client.ExtractAsync(pdf);

        Assert.Equal("succeeded", done.Status());
        Assert.Equal(2, done.ModelCalls());
        Assert.Equal(2, done.Result().GetProperty("data").GetProperty("sentences").GetArrayLength());
        var repair = Assert.Single(app.Model.ChatRequests, r => r.ToJsonString().Contains(tag, StringComparison.Ordinal)
            && r["messages"]!.AsArray().Any(m => (string?)m!["role"] == "assistant"));
        var feedback = repair["messages"]!.AsArray().Last()!["content"]!.ToString();
        Assert.Contains("That answer is not valid", feedback);
        Assert.Contains("/sentences", feedback);
    }

    [Fact]
    public async Task Answers_that_stay_invalid_fail_the_job_with_invalid_model_output_and_keep_the_last_answer()
    {
        using var client = await app.NewTenantClientAsync("invalid");
        var (pdf, _, tag) = TestDocuments.Sentences(1, marker: ScriptedModel.AlwaysInvalid);

        var done = await client.ExtractAsync(pdf);

        Assert.Equal("failed", done.Status());
        var error = done.Error();
        Assert.Equal("invalid_model_output", error.Code());
        Assert.Equal(ScriptedModel.InvalidAnswer, error.GetProperty("lastOutput").GetString());
        Assert.Equal(1, error.GetProperty("page").GetInt32());
        Assert.Contains(error.GetProperty("details").EnumerateArray(), d => d.GetString()!.StartsWith("/sentences", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("result").ValueKind);
        // One question and two repairs (the default limit), in one attempt: invalid output is not retried as a job.
        Assert.Equal(3, app.CallsFor(tag));
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_the_time_it_names()
    {
        using var client = await app.NewTenantClientAsync("rate-limited");
        var (pdf, _, tag) = TestDocuments.Sentences(1, marker: ScriptedModel.RateLimitedOnce);

        var done = await client.ExtractAsync(pdf);

        Assert.Equal("succeeded", done.Status());
        Assert.Equal(1, done.ModelCalls());
        Assert.Equal(2, app.CallsFor(tag));
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        // The OpenAI client's own retry policy waited the second the 429 asked for, within the same model call.
        var times = ScriptedModel.CallTimes(tag);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(0.9), $"Retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_fails_the_job_with_model_timeout_after_every_attempt()
    {
        using var client = await app.NewTenantClientAsync("timeout");
        var (pdf, _, tag) = TestDocuments.Sentences(1, marker: ScriptedModel.Slow);

        var done = await client.ExtractAsync(pdf, seconds: 90);

        Assert.Equal("failed", done.Status());
        Assert.Equal("model_timeout", done.Error().Code());
        Assert.Equal(ExtractionsAppHost.MaxAttempts, done.GetProperty("attempts").GetInt32());
        Assert.Equal(ExtractionsAppHost.MaxAttempts, app.CallsFor(tag));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task A_sixty_page_pdf_finishes_with_a_progress_event_for_every_page()
    {
        using var client = await app.NewTenantClientAsync("sixty-pages");
        var (pdf, _, _) = TestDocuments.Sentences(60, perPage: 1);
        var accepted = await client.SubmitAsync(pdf);

        var events = await ServerSentEvents.ReadAllAsync(client, $"{ExtractionsClient.Path}/{accepted.Id()}/events");

        var progress = events.Where(e => e.Type == "progress").Select(e => e.Data.GetProperty("progress").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, 60).Select(done => Math.Min(99, done * 100 / 60)).ToList(), progress);
        var final = events[^1];
        Assert.Equal("succeeded", final.Data.GetProperty("status").GetString());
        // The final event carries the extraction as GET shows it, so a follower needs no further request.
        Assert.Equal(60, final.Data.GetProperty("job").GetProperty("result").GetProperty("pages").GetInt32());
        Assert.Equal("sentences", final.Data.GetProperty("job").GetProperty("schema").GetString());
        var done = await client.GetAsync(accepted.Id());
        Assert.Equal(60, done.Result().GetProperty("pages").GetInt32());
        var sentences = done.Result().GetProperty("data").GetProperty("sentences").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 60), sentences.Select(s => s.GetProperty("page").GetInt32()));
    }

    [Fact]
    public async Task The_fields_schema_extracts_key_value_pairs_of_a_form_with_their_page()
    {
        using var client = await app.NewTenantClientAsync("fields");
        var tag = Guid.NewGuid().ToString("N")[..12];
        var pdf = App.Rag.Tests.Fixtures.TestPdf.Build([$"Reference: {tag}", "Name: Ada Lovelace"], ["Signature:", "Date: 1843-09-05"]);

        var done = await client.ExtractAsync(pdf, "fields");

        Assert.Equal("succeeded", done.Status());
        var fields = done.Result().GetProperty("data").GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("key").GetString(), f.GetProperty("value").GetString(), f.GetProperty("page").GetInt32())).ToList();
        Assert.Equal([("Reference", tag, 1), ("Name", "Ada Lovelace", 1), ("Signature", null, 2), ("Date", "1843-09-05", 2)], fields);
    }

    [Fact]
    public async Task A_page_longer_than_the_token_budget_goes_to_the_model_in_parts_and_merges_in_order()
    {
        using var client = await app.NewTenantClientAsync("long-page");
        var tag = Guid.NewGuid().ToString("N")[..12];
        var lines = Enumerable.Range(1, 120).Select(i => $"Line {i} of the long text {tag} says something worth keeping.").ToList();
        var (status, accepted) = await client.SendAsync(HttpMethod.Post, ExtractionsClient.Path, ExtractionsClient.Form(
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)), fileName: "long.txt", contentType: "text/plain"));

        var done = await client.UntilFinishedAsync(accepted.Id());

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("succeeded", done.Status());
        Assert.Equal(1, done.Result().GetProperty("pages").GetInt32());
        var requests = app.Model.ChatRequests.Select(r => r["messages"]![1]!["content"]!.ToString())
            .Where(m => m.Contains(tag, StringComparison.Ordinal)).ToList();
        Assert.True(requests.Count >= 3, $"{requests.Count} parts");
        Assert.Equal(requests.Count, done.ModelCalls());
        Assert.All(requests, r => Assert.Contains($"of {requests.Count}):", r));
        var sentences = done.Result().GetProperty("data").GetProperty("sentences").EnumerateArray().ToList();
        Assert.Equal(lines, sentences.Select(s => s.GetProperty("text").GetString()));
        Assert.All(sentences, s => Assert.Equal(1, s.GetProperty("page").GetInt32()));
    }
}
