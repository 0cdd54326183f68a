using System.Net.Http.Json;
using System.Text;
using App.Rag.Answers;
using App.Rag.Apis;
using App.Rag.Data;
using App.Rag.Search;
using App.Rag.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel.Data;

#pragma warning disable SKEXP0001 // ITextSearch<TRecord> is experimental in SK 1.82 (see App.Rag.csproj)

namespace App.Rag.Tests;

/// <summary>
/// Semantic Kernel's view of retrieval (<see cref="ChunkTextSearch"/>) inside the real service, with the local embedding
/// model: the same hybrid hits the search API returns, as SearchHits and as SK text results, and a document filter.
/// </summary>
public sealed class ChunkTextSearchTests : IAsyncLifetime
{
    private RagApp _app = null!;
    private readonly Guid _tenant = Guid.NewGuid();

    public async Task InitializeAsync() => _app = await RagApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_text_search_returns_the_search_apis_hybrid_hits_and_filters_by_document()
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

    private static async Task<DocumentResponse> IngestAsync(HttpClient client, Guid collection, byte[] content, string fileName, string contentType)
    {
        var upload = await client.UploadAsync(collection, content, fileName, contentType);
        var document = await client.WaitForIngestionAsync(collection, (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);
        Assert.Equal("ready", document.Status);
        return document;
    }
}
