using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using App.Rag.Apis;
using App.Testing;
using Xunit;

namespace App.Rag.SystemTests.Fixtures;

/// <summary>The RAG API as a client sees it through the gateway.</summary>
public static class RagClient
{
    private static readonly TimeSpan IngestionLimit = TimeSpan.FromSeconds(30);

    public static async Task<CollectionResponse> CreateCollectionAsync(this HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/collections", new CreateCollectionRequest(name, null));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CollectionResponse>())!;
    }

    public static async Task<DocumentResponse> UploadAsync(
        this HttpClient client, Guid collection, byte[] content, string fileName, string contentType)
    {
        using var response = await client.PostDocumentAsync(collection, content, fileName, contentType);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DocumentResponse>())!;
    }

    /// <summary>The upload as sent, whatever the answer.</summary>
    public static async Task<HttpResponseMessage> PostDocumentAsync(
        this HttpClient client, Guid collection, byte[] content, string fileName, string contentType)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/v1/collections/{collection}/documents", form);
    }

    /// <summary>Waits until ingestion reached a final state (ready or failed) and returns the document as then.</summary>
    public static Task<DocumentResponse> WaitForFinalStateAsync(this HttpClient client, Guid collection, Guid document) =>
        Eventually.UntilAsync(
            async () => (await client.GetFromJsonAsync<DocumentResponse>($"/api/v1/collections/{collection}/documents/{document}"))!,
            d => d.Status is "ready" or "failed",
            IngestionLimit,
            d => $"Document {document} is still {d?.Status ?? "unknown"}.");

    public static async Task<DocumentResponse> IngestAsync(
        this HttpClient client, Guid collection, byte[] content, string fileName, string contentType)
    {
        var queued = await client.UploadAsync(collection, content, fileName, contentType);
        return await client.WaitForFinalStateAsync(collection, queued.Id);
    }

    public static async Task<SearchResponse> SearchAsync(this HttpClient client, Guid collection, string query)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/collections/{collection}/search", new SearchRequest(query, 5, null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SearchResponse>())!;
    }
}
