extern alias worker;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using App.KnowledgeBase.Data;
using App.Rag.Answers;
using App.Rag.Apis;
using App.Rag.Search;
using App.Rag.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.Data;

namespace App.Rag.Tests;

/// <summary>
/// The service in process on a real Kestrel port with a SQLite file and nothing configured: extractive answers, hybrid
/// search over the local embedding model.
/// </summary>
public sealed class ApiTests : IAsyncLifetime
{
    private RagApp _app = null!;
    private readonly Guid _tenant = Guid.NewGuid();

    public async Task InitializeAsync() => _app = await RagApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Ingested_pdf_is_found_with_the_page_of_the_passage()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var upload = await client.UploadAsync(collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf", tags: "Finance, 2025");
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var queued = (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!;
        var ready = await client.WaitForIngestionAsync(collection.Id, queued.Id);

        Assert.Equal("ready", ready.Status);
        // With nothing configured the local model embeds: every step runs and search is hybrid.
        Assert.Equal(["done", "done", "done", "done"], ready.Steps.Select(s => s.State));
        Assert.Equal(App.AI.LocalEmbeddingGenerator.ModelId, ready.EmbeddingModel);
        Assert.Equal(["2025", "finance"], ready.Tags);
        Assert.Equal("Annual report 2025", ready.Title);
        var hits = await SearchAsync(client, collection.Id, "When will the Lyon factory open?");
        Assert.Equal("hybrid", hits.Mode);
        var hit = hits.Hits[0];
        Assert.Equal(queued.Id, hit.DocumentId);
        Assert.NotNull(hit.LexicalRank);
        Assert.NotNull(hit.DenseRank);
        Assert.Equal(2, hit.Page);
        Assert.Contains("factory in Lyon", hit.Text);
    }

    [Fact]
    public async Task Vectors_of_another_embedding_model_are_never_compared_with_this_ones()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var upload = await client.UploadAsync(collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf");
        var document = await client.WaitForIngestionAsync(collection.Id, (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);
        Assert.Equal("hybrid", (await SearchAsync(client, collection.Id, "Lyon factory")).Mode);

        // As if the document had been embedded before the model changed.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RagDbContext>();
            await db.Documents.IgnoreQueryFilters().Where(d => d.Id == document.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.EmbeddingModel, "another-model@1"));
            scope.ServiceProvider.GetRequiredService<App.Rag.Indexing.CollectionIndexCache>().Evict(collection.Id);
        }

        var search = await SearchAsync(client, collection.Id, "Lyon factory");
        Assert.Equal("lexical", search.Mode);
        Assert.All(search.Hits, h => Assert.Null(h.DenseRank));
        Assert.Equal(document.Id, search.Hits[0].DocumentId);
    }

    [Fact]
    public async Task After_a_model_change_documents_of_the_old_model_are_embedded_again_through_jobs()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var upload = await client.UploadAsync(collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf");
        var document = await client.WaitForIngestionAsync(collection.Id, (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);
        int requeued;
        await using (var scope = _app.WorkerServices.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RagDbContext>();
            await db.Documents.IgnoreQueryFilters().Where(d => d.Id == document.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.EmbeddingModel, "another-model@1"));
            requeued = await scope.ServiceProvider.GetRequiredService<worker::App.Worker.Ingestion.StaleEmbeddings>().RequeueAsync(CancellationToken.None);
        }

        var again = await client.WaitForIngestionAsync(collection.Id, document.Id);
        var search = await SearchAsync(client, collection.Id, "Lyon factory");

        Assert.Equal(1, requeued);
        Assert.Equal("ready", again.Status);
        Assert.Equal(App.AI.LocalEmbeddingGenerator.ModelId, again.EmbeddingModel);
        Assert.Equal(document.ChunkCount, again.ChunkCount);
        Assert.True(again.Attempts > document.Attempts);
        Assert.Equal("hybrid", search.Mode);
        Assert.NotNull(search.Hits[0].DenseRank);
    }

    [Fact]
    public async Task Deleted_document_no_longer_shows_up()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var report = await IngestAsync(client, collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf");
        await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");
        Assert.NotEmpty((await SearchAsync(client, collection.Id, "factory Lyon")).Hits);

        var delete = await client.DeleteAsync($"/api/v1/collections/{collection.Id}/documents/{report.Id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.DoesNotContain((await SearchAsync(client, collection.Id, "factory Lyon revenue")).Hits, h => h.DocumentId == report.Id);
        Assert.NotEmpty((await SearchAsync(client, collection.Id, "paid leave")).Hits);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/collections/{collection.Id}/documents/{report.Id}")).StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RagDbContext>();
        Assert.Equal(0, await db.Chunks.IgnoreQueryFilters().CountAsync(c => c.DocumentId == report.Id));
    }

    [Fact]
    public async Task Another_tenant_gets_404_for_the_collection_and_everything_in_it()
    {
        var owner = _app.ClientFor(_tenant);
        var collection = await owner.CreateCollectionAsync();
        var document = await IngestAsync(owner, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");
        var intruder = _app.ClientFor(Guid.NewGuid(), "mallory");

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/v1/collections/{collection.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/v1/collections/{collection.Id}/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/v1/collections/{collection.Id}/documents/{document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/api/v1/collections/{collection.Id}/search", new SearchRequest("leave", 5, null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/api/v1/collections/{collection.Id}/ask", new AskRequest("leave?", null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.UploadAsync(collection.Id, [1, 2, 3], "a.txt", "text/plain")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync($"/api/v1/collections/{collection.Id}/documents/{document.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync($"/api/v1/collections/{collection.Id}")).StatusCode);
        Assert.DoesNotContain((await intruder.GetFromJsonAsync<List<CollectionResponse>>("/api/v1/collections"))!, c => c.Id == collection.Id);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/collections/{collection.Id}/documents/{document.Id}")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_an_identity_are_refused()
    {
        var anonymous = _app.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/collections");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_same_content_twice_returns_the_existing_document()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var first = await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");

        var again = await client.UploadAsync(collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "copy.md", "text/markdown");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Id, (await again.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);
        Assert.Single((await client.GetFromJsonAsync<List<DocumentResponse>>($"/api/v1/collections/{collection.Id}/documents"))!);
    }

    [Fact]
    public async Task A_corrupt_pdf_fails_at_extraction_with_a_reason_and_leaves_no_chunks()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var upload = await client.UploadAsync(collection.Id, TestPdf.Corrupt(), "broken.pdf", "application/pdf");
        var document = await client.WaitForIngestionAsync(collection.Id, (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);

        Assert.Equal("failed", document.Status);
        Assert.Equal("extract", document.FailedStep);
        Assert.False(string.IsNullOrWhiteSpace(document.FailureReason));
        Assert.Equal("failed", document.Steps[0].State);
        Assert.Equal(0, document.ChunkCount);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RagDbContext>();
        Assert.Equal(0, await db.Chunks.IgnoreQueryFilters().CountAsync(c => c.DocumentId == document.Id));
    }

    [Theory]
    [InlineData("application/pdf", "fake.pdf")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "fake.docx")]
    public async Task Content_that_contradicts_the_declared_type_is_refused_with_415(string contentType, string fileName)
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var response = await client.UploadAsync(collection.Id, Encoding.UTF8.GetBytes("just some text"), fileName, contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("unsupported_media_type", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Uploads_over_the_limit_are_refused_with_413()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();

        var response = await client.UploadAsync(collection.Id, new byte[2 * 1024 * 1024], "big.txt", "text/plain");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Search_filters_by_tag_and_document()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var report = await IngestAsync(client, collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf", "finance");
        var handbook = await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown", "hr");

        var byTag = await SearchAsync(client, collection.Id, "March", new SearchFilters(Tags: ["HR"]));
        var byDocument = await SearchAsync(client, collection.Id, "March", new SearchFilters(DocumentIds: [report.Id]));

        Assert.NotEmpty(byTag.Hits);
        Assert.All(byTag.Hits, h => Assert.Equal(handbook.Id, h.DocumentId));
        Assert.NotEmpty(byDocument.Hits);
        Assert.All(byDocument.Hits, h => Assert.Equal(report.Id, h.DocumentId));
    }

    [Fact]
    public async Task Ask_answers_extractively_with_quotes_that_match_the_document()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var document = await IngestAsync(client, collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf");

        var answer = await AskAsync(client, collection.Id, new AskRequest("When is the new factory in Lyon expected to open?", null));

        Assert.Equal("extractive", answer.Mode);
        Assert.False(answer.NoResult);
        var citation = answer.Citations[0];
        Assert.Equal(document.Id, citation.DocumentId);
        Assert.Equal(2, citation.Page);
        Assert.Contains("[1]", answer.Answer);
        await using var scope = _app.Services.CreateAsyncScope();
        var text = await scope.ServiceProvider.GetRequiredService<RagDbContext>().DocumentTexts.IgnoreQueryFilters()
            .Where(t => t.DocumentId == document.Id).Select(t => t.Text).SingleAsync();
        Assert.All(answer.Citations, c => Assert.Equal(text[c.Start..c.End], c.Quote));
    }

    [Fact]
    public async Task Ask_without_support_says_so()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");

        var answer = await AskAsync(client, collection.Id, new AskRequest("Who won the football world cup in 1998?", null));

        Assert.True(answer.NoResult);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task Streaming_ask_sends_sources_then_deltas_then_done()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/collections/{collection.Id}/ask")
        {
            Content = JsonContent.Create(new AskRequest("How many days of paid leave per year?", null, Stream: true)),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = await ServerSentEvents.ReadAllAsync(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("sources", events[0].Event);
        Assert.True(events[0].Data.GetArrayLength() > 0);
        Assert.Equal("done", events[^1].Event);
        var deltas = events[1..^1];
        Assert.NotEmpty(deltas);
        Assert.All(deltas, e => Assert.Equal("delta", e.Event));
        var done = events[^1].Data;
        Assert.Equal(string.Concat(deltas.Select(d => d.Data.GetProperty("text").GetString())), done.GetProperty("answer").GetString());
        Assert.Contains("25 days", done.GetProperty("answer").GetString());
    }

    /// <summary>Semantic Kernel's view of retrieval (<see cref="ChunkTextSearch"/>) is the search API's.</summary>
    [Fact]
    public async Task Semantic_Kernel_text_search_returns_the_search_apis_hybrid_hits_and_filters_by_document()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var handbook = await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");
        var report = await IngestAsync(client, collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf");
        var response = await client.PostAsJsonAsync($"/api/v1/collections/{collection.Id}/search", new SearchRequest("when does the factory open", 5, null));
        var api = (await response.Content.ReadFromJsonAsync<SearchResponse>())!;

        await using var scope = _app.Services.CreateAsyncScope();
        // What the API's tenant filter does before a handler runs.
        scope.ServiceProvider.GetRequiredService<RagDbContext>().ScopeTo(_tenant);
        var search = new ChunkTextSearch(scope.ServiceProvider.GetRequiredService<SearchService>(), collection.Id);
        var hits = await (await search.GetSearchResultsAsync("when does the factory open", new TextSearchOptions<SearchHit> { Top = 5 })).Results.ToListAsync();
        var texts = await (await search.GetTextSearchResultsAsync("when does the factory open", new TextSearchOptions<SearchHit> { Top = 1 })).Results.ToListAsync();
        var inHandbook = await (await search.GetSearchResultsAsync(
            "when does the factory open", new TextSearchOptions<SearchHit> { Top = 5, Filter = h => h.DocumentId == handbook.Id })).Results.ToListAsync();

        Assert.Equal("hybrid", api.Mode);
        Assert.Equal(api.Hits.Select(h => h.ChunkId), hits.Select(h => h.ChunkId));
        Assert.Equal(report.Id, hits[0].DocumentId);
        Assert.NotNull(hits[0].DenseRank);
        var text = Assert.Single(texts);
        Assert.Equal(hits[0].Text, text.Value);
        Assert.Equal(hits[0].Title, text.Name);
        Assert.StartsWith($"documents/{report.Id}#page=2", text.Link, StringComparison.Ordinal);
        Assert.NotEmpty(inHandbook);
        Assert.All(inHandbook, h => Assert.Equal(handbook.Id, h.DocumentId));
    }

    private static async Task<DocumentResponse> IngestAsync(
        HttpClient client, Guid collection, byte[] content, string fileName, string contentType, string? tags = null)
    {
        var upload = await client.UploadAsync(collection, content, fileName, contentType, tags);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var document = await client.WaitForIngestionAsync(collection, (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);
        Assert.Equal("ready", document.Status);
        return document;
    }

    private static async Task<SearchResponse> SearchAsync(HttpClient client, Guid collection, string query, SearchFilters? filters = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/collections/{collection}/search", new SearchRequest(query, 5, filters));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SearchResponse>())!;
    }

    private static async Task<AnswerRecord> AskAsync(HttpClient client, Guid collection, AskRequest request)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/collections/{collection}/ask", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AnswerRecord>())!;
    }
}
