using System.Net;
using System.Net.Http.Json;
using System.Text;
using App.Jobs.Data;
using App.KnowledgeBase.Data;
using App.Rag.Answers;
using App.Rag.Apis;
using App.Rag.Tests.Fixtures;
using App.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Rag.Tests;

/// <summary>
/// The service with a chat and an embedding model configured (the local OpenAI-compatible server), on PostgreSQL:
/// generative answers with citations, hybrid search, and conversations that are encrypted at rest.
/// </summary>
public sealed class ModelBackedApiTests : IAsyncLifetime
{
    private OpenAICompatibleServer _models = null!;
    private RagApp _app = null!;
    private readonly Guid _tenant = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _models = await OpenAICompatibleServer.StartAsync();
        _app = await RagApp.StartAsync(postgres: true, new Dictionary<string, string?>
        {
            ["ConnectionStrings:chat"] = $"Endpoint={_models.Endpoint};Key=test-key;Model=test-model",
            ["ConnectionStrings:embeddings"] = $"Endpoint={_models.Endpoint};Model=test-embeddings",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _models.DisposeAsync();
    }

    [Fact]
    public async Task On_PostgreSQL_readiness_checks_each_context_the_service_opens()
    {
        using var health = await _app.CreateClient().GetAsync("/health");
        var report = (await health.Content.ReadFromJsonAsync<App.Testing.HealthReport>())!;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", report.Checks[nameof(RagDbContext)].Status);
        Assert.Equal("Healthy", report.Checks[nameof(JobsDbContext)].Status);
    }

    [Fact]
    public async Task Documents_get_vectors_and_search_is_hybrid()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        var document = await IngestAsync(client, collection.Id, Samples.ReportPdf(), "report.pdf", "application/pdf");

        var response = await client.PostAsJsonAsync($"/api/v1/collections/{collection.Id}/search", new SearchRequest("Lyon factory", 5, null));
        var search = (await response.Content.ReadFromJsonAsync<SearchResponse>())!;

        Assert.Equal("done", document.Steps.Single(s => s.Name == "embed").State);
        Assert.Equal("hybrid", search.Mode);
        Assert.Equal(2, search.Hits[0].Page);
        Assert.NotNull(search.Hits[0].LexicalRank);
        Assert.NotNull(search.Hits[0].DenseRank);
    }

    [Fact]
    public async Task Generative_answer_cites_the_sources_it_names_and_follow_ups_carry_the_previous_turn()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");
        _models.Reply = (question, system) => system.Contains("25 days", StringComparison.Ordinal)
            ? $"Employees have 25 days of paid leave per year [1]. ({question})"
            : AnswerPrompt.NoAnswerMarker;

        var first = await AskAsync(client, collection.Id, new AskRequest("How much paid leave do employees get?", null));
        var followUp = await AskAsync(client, collection.Id, new AskRequest("And when does it expire?", first.ConversationId));

        Assert.Equal("generative", first.Mode);
        Assert.False(first.NoResult);
        var citation = Assert.Single(first.Citations);
        Assert.Equal(1, citation.Number);
        Assert.Contains("25 days of paid leave", citation.Quote);
        Assert.Equal(first.ConversationId, followUp.ConversationId);
        var lastRequest = _models.ChatRequests.Single(r => r.ToJsonString().Contains("when does it expire", StringComparison.Ordinal));
        Assert.Contains("How much paid leave do employees get?", lastRequest.ToJsonString());
        var conversation = await client.GetFromJsonAsync<ConversationResponse>($"/api/v1/collections/{collection.Id}/conversations/{first.ConversationId}");
        Assert.Equal(["How much paid leave do employees get?", "And when does it expire?"], conversation!.Turns.Select(t => t.Question));
        await using var scope = _app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<RagDbContext>().ConversationTurns.IgnoreQueryFilters()
            .Where(t => t.ConversationId == first.ConversationId).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, t => Assert.DoesNotContain("paid leave", t.ProtectedQuestion + t.ProtectedAnswer));
    }

    [Fact]
    public async Task The_models_no_answer_reply_becomes_no_result_and_another_user_cannot_continue_the_conversation()
    {
        var client = _app.ClientFor(_tenant);
        var collection = await client.CreateCollectionAsync();
        await IngestAsync(client, collection.Id, Encoding.UTF8.GetBytes(Samples.HandbookMarkdown), "handbook.md", "text/markdown");
        _models.Reply = (_, _) => AnswerPrompt.NoAnswerMarker;

        var answer = await AskAsync(client, collection.Id, new AskRequest("Which laptop brand do employees get?", null));
        var colleague = _app.ClientFor(_tenant, "bob");
        var hijack = await colleague.PostAsJsonAsync($"/api/v1/collections/{collection.Id}/ask", new AskRequest("Go on", answer.ConversationId));

        Assert.True(answer.NoResult);
        Assert.Empty(answer.Citations);
        Assert.DoesNotContain(AnswerPrompt.NoAnswerMarker, answer.Answer);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, hijack.StatusCode);
    }

    private static async Task<DocumentResponse> IngestAsync(HttpClient client, Guid collection, byte[] content, string fileName, string contentType)
    {
        var upload = await client.UploadAsync(collection, content, fileName, contentType);
        var document = await client.WaitForIngestionAsync(collection, (await upload.Content.ReadFromJsonAsync<DocumentResponse>())!.Id);
        Assert.Equal("ready", document.Status);
        return document;
    }

    private static async Task<AnswerRecord> AskAsync(HttpClient client, Guid collection, AskRequest request)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/collections/{collection}/ask", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AnswerRecord>())!;
    }
}
