using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Identity;
using App.Rag.Answers;
using App.Rag.Apis;
using App.Rag.SystemTests.Fixtures;
using App.Rag.Tests.Fixtures;
using static App.Testing.DbCommandExtensions;

namespace App.Rag.SystemTests;

/// <summary>
/// The RAG flow end to end through the gateway of the real AppHost: API keys made with the admin API, the gateway's
/// authentication and signed identity, ingestion jobs enqueued by App.Rag and run by App.Worker in the shared database,
/// search and answers.
/// </summary>
public sealed class RagFlowTests(RagSystemFixture app) : IClassFixture<RagSystemFixture>
{
    [Fact]
    public async Task Markdown_html_docx_and_pdf_become_ready_and_search_finds_each_passage_on_its_page()
    {
        var client = app.TenantA;
        var collection = await client.CreateCollectionAsync("formats");

        var markdown = await client.IngestAsync(collection.Id, SampleDocuments.MarkdownBytes, "handbook.md", "text/markdown");
        var html = await client.IngestAsync(collection.Id, SampleDocuments.HtmlBytes, "travel.html", "text/html");
        var docx = await client.IngestAsync(
            collection.Id, SampleDocuments.Docx(), "sourdough.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        var pdf = await client.IngestAsync(collection.Id, SampleDocuments.Pdf(), "report.pdf", "application/pdf");

        Assert.All(new[] { markdown, html, docx, pdf }, d => Assert.Equal("ready", d.Status));
        Assert.All(new[] { markdown, html, docx, pdf }, d => Assert.True(d.ChunkCount > 0, $"{d.FileName} has no chunks"));
        Assert.Equal(["markdown", "html", "docx", "pdf"], new[] { markdown, html, docx, pdf }.Select(d => d.Format));

        var factory = (await client.SearchAsync(collection.Id, "When will the Lyon factory open?")).Hits[0];
        Assert.Equal(pdf.Id, factory.DocumentId);
        Assert.Equal(2, factory.Page);
        Assert.Contains("factory in Lyon", factory.Text);
        Assert.Equal(markdown.Id, (await client.SearchAsync(collection.Id, "paid leave days")).Hits[0].DocumentId);
        Assert.Equal(html.Id, (await client.SearchAsync(collection.Id, "train travel journeys")).Hits[0].DocumentId);
        var oven = (await client.SearchAsync(collection.Id, "Dutch oven loaf")).Hits[0];
        Assert.Equal(docx.Id, oven.DocumentId);
        Assert.DoesNotContain("ignore me", (await client.SearchAsync(collection.Id, "tracking ignore")).Hits.Select(h => h.Text));
    }

    /// <summary>
    /// Over rag's limit (50 MiB) but under the gateway's route limit (64 MiB): rag refuses before reading the whole body,
    /// and the client must still get rag's 413, not a 502 from the proxy that was still sending it.
    /// </summary>
    [Fact]
    public async Task A_document_over_rag_s_limit_is_rag_s_413_through_the_gateway()
    {
        var client = app.TenantA;
        var collection = await client.CreateCollectionAsync("too-large");

        using var response = await client.PostDocumentAsync(collection.Id, new byte[55 * 1024 * 1024], "big.txt", "text/plain");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("payload_too_large", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ask_cites_spans_that_occur_in_the_document()
    {
        var client = app.TenantA;
        var collection = await client.CreateCollectionAsync("ask");
        var handbook = await client.IngestAsync(collection.Id, SampleDocuments.MarkdownBytes, "handbook.md", "text/markdown");

        using var response = await client.PostAsJsonAsync($"/api/v1/collections/{collection.Id}/ask", new AskRequest("How many days of paid leave do employees get?", null));
        var answer = (await response.Content.ReadFromJsonAsync<AnswerRecord>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(answer.NoResult);
        Assert.NotEmpty(answer.Citations);
        Assert.Contains("25 days", answer.Answer);
        Assert.All(answer.Citations, c =>
        {
            Assert.Equal(handbook.Id, c.DocumentId);
            Assert.Equal(c.End - c.Start, c.Quote.Length);
            Assert.Contains(c.Quote, SampleDocuments.Markdown);
            Assert.Contains($"[{c.Number}]", answer.Answer);
        });
    }

    [Fact]
    public async Task Streaming_ask_sends_sources_then_deltas_then_a_final_answer()
    {
        var client = app.TenantA;
        var collection = await client.CreateCollectionAsync("stream");
        await client.IngestAsync(collection.Id, SampleDocuments.MarkdownBytes, "handbook.md", "text/markdown");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/collections/{collection.Id}/ask")
        {
            Content = JsonContent.Create(new AskRequest("When are laptops replaced?", null, Stream: true)),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await ServerSentEvents.ReadAllAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sources", events[0].Event);
        Assert.NotEqual(0, events[0].Data.GetArrayLength());
        Assert.Equal("done", events[^1].Event);
        var deltas = events[1..^1];
        Assert.NotEmpty(deltas);
        Assert.All(deltas, e => Assert.Equal("delta", e.Event));
        var final = events[^1].Data.Deserialize<AnswerRecord>(JsonSerializerOptions.Web)!;
        Assert.Equal(final.Answer, string.Concat(deltas.Select(e => e.Data.GetProperty("text").GetString())));
        Assert.Contains("three years", final.Answer);
    }

    [Fact]
    public async Task The_worker_process_runs_ingestion_jobs_and_rag_serves_the_result()
    {
        var client = app.TenantA;
        var collection = await client.CreateCollectionAsync("worker");

        var document = await client.IngestAsync(collection.Id, SampleDocuments.MarkdownBytes, "handbook.md", "text/markdown");

        Assert.Equal("ready", document.Status);
        await using var db = await app.OpenDatabaseAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT lease_owner FROM jobs WHERE kind = 'document-ingestion' AND input LIKE @document";
        query.AddParameter("@document", $"%{document.Id}%");
        // A claim loop's id: {application}/{machine}/{process id}/{instance}/{loop}/{index}.
        var owner = ((string?)await query.ExecuteScalarAsync())?.Split('/');
        Assert.NotNull(owner);
        Assert.Equal("App.Worker", owner[0]);
        Assert.Contains(int.Parse(owner[2]), app.ProcessesOf("worker"));
        Assert.Equal("ingestion", owner[4]);
        Assert.Equal(document.Id, (await client.SearchAsync(collection.Id, "paid leave days")).Hits[0].DocumentId);
    }

    [Fact]
    public async Task A_deleted_document_disappears_from_search()
    {
        var client = app.TenantA;
        var collection = await client.CreateCollectionAsync("delete");
        var report = await client.IngestAsync(collection.Id, SampleDocuments.Pdf(), "report.pdf", "application/pdf");
        await client.IngestAsync(collection.Id, SampleDocuments.MarkdownBytes, "handbook.md", "text/markdown");
        Assert.Contains((await client.SearchAsync(collection.Id, "factory Lyon")).Hits, h => h.DocumentId == report.Id);

        using var delete = await client.DeleteAsync($"/api/v1/collections/{collection.Id}/documents/{report.Id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.DoesNotContain((await client.SearchAsync(collection.Id, "factory Lyon revenue board")).Hits, h => h.DocumentId == report.Id);
        Assert.NotEmpty((await client.SearchAsync(collection.Id, "paid leave")).Hits);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/collections/{collection.Id}/documents/{report.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_corrupt_pdf_ends_failed_at_extraction_with_a_reason_and_no_chunks()
    {
        var client = app.TenantA;
        var collection = await client.CreateCollectionAsync("corrupt");

        var broken = await client.IngestAsync(collection.Id, SampleDocuments.CorruptPdf(), "broken.pdf", "application/pdf");

        Assert.Equal("failed", broken.Status);
        Assert.Equal("extract", broken.FailedStep);
        Assert.False(string.IsNullOrWhiteSpace(broken.FailureReason));
        Assert.Equal(0, broken.ChunkCount);
        Assert.Equal("failed", broken.Steps.Single(s => s.Name == "extract").State);
        Assert.Empty((await client.SearchAsync(collection.Id, "catalog pages pdf")).Hits);
    }

    [Fact]
    public async Task Tenant_b_cannot_list_search_or_delete_tenant_as_collection()
    {
        var owner = app.TenantA;
        var collection = await owner.CreateCollectionAsync("private");
        var document = await owner.IngestAsync(collection.Id, SampleDocuments.MarkdownBytes, "handbook.md", "text/markdown");
        var intruder = app.TenantB;

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/v1/collections/{collection.Id}/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync(
            $"/api/v1/collections/{collection.Id}/search", new SearchRequest("paid leave", 5, null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync($"/api/v1/collections/{collection.Id}/documents/{document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync($"/api/v1/collections/{collection.Id}")).StatusCode);
        Assert.DoesNotContain((await intruder.GetFromJsonAsync<List<CollectionResponse>>("/api/v1/collections"))!, c => c.Id == collection.Id);
        Assert.Equal("ready", (await owner.GetFromJsonAsync<DocumentResponse>($"/api/v1/collections/{collection.Id}/documents/{document.Id}"))!.Status);
        Assert.NotEmpty((await owner.SearchAsync(collection.Id, "paid leave")).Hits);
    }

    [Fact]
    public async Task Without_an_api_key_a_request_is_refused_with_401()
    {
        using var anonymous = app.Client();

        using var response = await anonymous.GetAsync("/api/v1/collections");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_key_without_the_documents_scope_is_refused_with_403()
    {
        using var predictionsOnly = app.Client((await app.CreateApiKeyAsync(app.TenantAId, ApiKeyScopes.Predictions)).Secret);

        using var response = await predictionsOnly.GetAsync("/api/v1/collections");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Rag_itself_refuses_a_forged_identity_and_reports_its_database_ready()
    {
        var rag = app.ServiceAddress("rag");
        using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(rag, "/api/v1/collections"));
        forged.Headers.Add("X-Internal-Identity", "eyJhbGciOiJub25lIn0.eyJ0aWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDEifQ.");

        using var refused = await app.Http.SendAsync(forged);
        using var health = await app.Http.GetAsync(new Uri(rag, "/health"));
        var report = (await health.Content.ReadFromJsonAsync<App.Testing.HealthReport>())!;

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", report.Checks["rag-database"].Status);
    }
}
