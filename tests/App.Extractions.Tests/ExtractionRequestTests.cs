using System.Net;
using System.Text;
using App.Extractions.Tests.Infrastructure;
using App.Identity;
using App.Testing;

namespace App.Extractions.Tests;

[Collection(ExtractionsCollection.Name)]
public sealed class ExtractionRequestTests(ExtractionsAppHost app)
{
    public static TheoryData<string, string, int, string> Refusals => new()
    {
        // what, how it is sent, status, code
        { "no schema", "no-schema", 400, "schema_missing" },
        { "an unknown built-in name", "unknown-name", 400, "schema_invalid" },
        { "a schema that is not JSON", "not-json", 400, "schema_invalid" },
        { "a schema its meta-schema refuses", "bad-keyword", 400, "schema_invalid" },
        { "a schema of something other than an object", "array-schema", 400, "schema_invalid" },
        { "a file that is no document", "binary", 415, "unsupported_media_type" },
        { "text declared as PDF", "text-as-pdf", 415, "unsupported_media_type" },
        { "an empty file", "empty", 400, "file_empty" },
        { "a file over the limit", "too-large", 413, "payload_too_large" },
        { "no file", "no-file", 400, "file_missing" },
        { "a body that is not multipart", "json-body", 415, "not_multipart" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_request_is_refused_with_a_stable_code_and_nothing_is_stored(string what, string how, int status, string code)
    {
        using var client = await app.NewTenantClientAsync("refusals");
        var (pdf, _, _) = TestDocuments.Sentences(1);

        var (actualStatus, problem) = await client.SendAsync(HttpMethod.Post, ExtractionsClient.Path, Request(how, pdf));

        Assert.True((int)actualStatus == status, $"{what}: {(int)actualStatus} {problem}");
        Assert.Equal(code, problem.Code());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        var (_, history) = await client.SendAsync(HttpMethod.Get, ExtractionsClient.Path);
        Assert.Equal(0, history.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_client_schema_is_validated_and_instructions_reach_the_model()
    {
        using var client = await app.NewTenantClientAsync("custom-schema");
        var (pdf, pages, tag) = TestDocuments.Sentences(2, perPage: 1);
        const string schema = """
            {"type": "object", "required": ["sentences"], "properties": {"sentences": {"type": "array", "maxItems": 5,
             "items": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}, "page": {"type": "integer"}}}}}}
            """;

        var accepted = await client.SubmitAsync(pdf, schema, instructions: $"Keep the sentences of {tag} verbatim.");
        var done = await client.UntilFinishedAsync(accepted.Id());

        Assert.Equal("custom", done.GetProperty("schema").GetString());
        Assert.Equal("succeeded", done.Status());
        Assert.Equal([1, 2], done.Result().GetProperty("data").GetProperty("sentences").EnumerateArray().Select(s => s.GetProperty("page").GetInt32()));
        var request = app.Model.ChatRequests.First(r => r.ToJsonString().Contains(pages[1][0], StringComparison.Ordinal));
        Assert.Contains($"Keep the sentences of {tag} verbatim.", request["messages"]![0]!["content"]!.ToString());
        // The model is shown the schema without the page, which it is never asked for.
        var shown = request["response_format"]!["json_schema"]!["schema"]!.ToJsonString();
        Assert.Contains("\"text\"", shown);
        Assert.DoesNotContain("\"page\"", shown);
    }

    [Fact]
    public async Task Another_tenant_cannot_read_follow_export_or_list_an_extraction()
    {
        using var tenantA = await app.NewTenantClientAsync("owner");
        using var tenantB = await app.NewTenantClientAsync("stranger");
        var (pdf, _, _) = TestDocuments.Sentences(1);
        var job = await tenantA.ExtractAsync(pdf);

        var (get, problem) = await tenantB.SendAsync(HttpMethod.Get, $"{ExtractionsClient.Path}/{job.Id()}");
        var (events, _) = await tenantB.SendAsync(HttpMethod.Get, $"{ExtractionsClient.Path}/{job.Id()}/events");
        var (export, _) = await tenantB.SendAsync(HttpMethod.Get, $"{ExtractionsClient.Path}/{job.Id()}/export?format=csv");
        var (_, list) = await tenantB.SendAsync(HttpMethod.Get, ExtractionsClient.Path);

        Assert.Equal(HttpStatusCode.NotFound, get);
        Assert.Equal("not_found", problem.Code());
        Assert.Equal(HttpStatusCode.NotFound, events);
        Assert.Equal(HttpStatusCode.NotFound, export);
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
        Assert.Equal("succeeded", (await tenantA.GetAsync(job.Id())).Status());
    }

    [Fact]
    public async Task A_key_without_the_extractions_scope_is_refused_at_the_gateway()
    {
        using var predictionsOnly = await app.NewTenantClientAsync("predictions-only", ApiKeyScopes.Predictions);

        var (status, problem) = await predictionsOnly.SendAsync(HttpMethod.Get, ExtractionsClient.Path);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("forbidden", problem.Code());
    }

    [Fact]
    public async Task History_lists_the_tenants_extractions_newest_first_in_pages_without_their_data()
    {
        using var client = await app.NewTenantClientAsync("history");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.SubmitAsync(TestDocuments.Sentences(1).Pdf)).Id());
        }

        await client.UntilFinishedAsync(ids[^1]);
        var (_, first) = await client.SendAsync(HttpMethod.Get, $"{ExtractionsClient.Path}?pageSize=2");
        var (_, second) = await client.SendAsync(HttpMethod.Get, $"{ExtractionsClient.Path}?pageSize=2&page=2");

        Assert.Equal(3, first.GetProperty("totalCount").GetInt32());
        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse(), listed.Select(e => e.Id()));
        var succeeded = listed.First(e => e.Id() == ids[^1]);
        Assert.Equal(1, succeeded.Result().GetProperty("pages").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, succeeded.Result().GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task Export_gives_the_items_as_json_lines_or_csv()
    {
        using var client = await app.NewTenantClientAsync("export");
        var (pdf, pages, _) = TestDocuments.Sentences(2, perPage: 1);
        var job = await client.ExtractAsync(pdf);

        var jsonl = await client.GetStringAsync($"{ExtractionsClient.Path}/{job.Id()}/export?format=jsonl");
        var csv = await client.GetStringAsync($"{ExtractionsClient.Path}/{job.Id()}/export?format=csv");
        var (badFormat, problem) = await client.SendAsync(HttpMethod.Get, $"{ExtractionsClient.Path}/{job.Id()}/export?format=xml");

        Assert.Equal(
            [$"{{\"text\":\"{pages[0][0]}\",\"page\":1}}", $"{{\"text\":\"{pages[1][0]}\",\"page\":2}}"],
            jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["text,page", $"{pages[0][0]},1", $"{pages[1][0]},2"], csv.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(HttpStatusCode.BadRequest, badFormat);
        Assert.Equal("invalid_query", problem.Code());
    }

    [Fact]
    public async Task A_webhook_gets_the_finished_extraction_as_the_api_shows_it()
    {
        using var client = await app.NewTenantClientAsync("webhook");
        await using var receiver = await WebhookReceiver.StartAsync();
        var (pdf, pages, _) = TestDocuments.Sentences(1, perPage: 1);
        var form = ExtractionsClient.Form(pdf);
        form.Add(new StringContent(receiver.Url), "webhookUrl");

        var (status, accepted) = await client.SendAsync(HttpMethod.Post, ExtractionsClient.Path, form);
        await client.UntilFinishedAsync(accepted.Id());
        var hook = await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.FirstOrDefault()), h => h is not null,
            TimeSpan.FromSeconds(30), _ => "no webhook arrived");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.False(string.IsNullOrEmpty(hook!.Signature));
        var body = System.Text.Json.JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal(accepted.Id(), body.Id());
        Assert.Equal("sentences", body.GetProperty("schema").GetString());
        Assert.Equal(pages[0][0], body.Result().GetProperty("data").GetProperty("sentences")[0].GetProperty("text").GetString());
    }

    private static HttpContent Request(string how, byte[] pdf) => how switch
    {
        "no-schema" => ExtractionsClient.Form(pdf, schema: null),
        "unknown-name" => ExtractionsClient.Form(pdf, schema: "paragraphs"),
        "not-json" => ExtractionsClient.Form(pdf, schema: "{\"type\": \"object\""),
        "bad-keyword" => ExtractionsClient.Form(pdf, schema: """{"type": "object", "properties": {"a": {"type": 12}}}"""),
        "array-schema" => ExtractionsClient.Form(pdf, schema: """{"type": "array", "items": {"type": "string"}}"""),
        "binary" => ExtractionsClient.Form([0x00, 0x01, 0xFF, 0xFE, 0x00, 0x10], fileName: "data.bin", contentType: "application/octet-stream"),
        "text-as-pdf" => ExtractionsClient.Form(Encoding.UTF8.GetBytes("Just text."), fileName: "notes.pdf", contentType: "application/pdf"),
        "empty" => ExtractionsClient.Form([], fileName: "empty.txt", contentType: "text/plain"),
        "too-large" => ExtractionsClient.Form(Encoding.UTF8.GetBytes(new string('a', (int)ExtractionsAppHost.MaxUploadBytes + 1)), fileName: "big.txt", contentType: "text/plain"),
        "no-file" => new MultipartFormDataContent { { new StringContent("sentences"), "schema" } },
        _ => new StringContent("{\"schema\": \"sentences\"}", Encoding.UTF8, "application/json"),
    };
}
