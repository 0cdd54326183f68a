using App.Rag.Models;
using App.Rag.Tests.Fixtures;
using Microsoft.Extensions.AI;

namespace App.Rag.Tests;

public sealed class ModelClientTests : IAsyncLifetime
{
    private OpenAICompatibleServer _server = null!;

    public async Task InitializeAsync() => _server = await OpenAICompatibleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Chat_client_sends_the_messages_and_returns_the_reply()
    {
        _server.Reply = (question, _) => $"You asked: {question}";
        using var client = new OpenAIChatClient(Options());

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Why is the sky blue?")]);

        Assert.Equal("You asked: Why is the sky blue?", response.Text);
        var request = Assert.Single(_server.ChatRequests);
        Assert.Equal("test-model", (string?)request["model"]);
        Assert.Equal(["system", "user"], request["messages"]!.AsArray().Select(m => (string?)m!["role"]));
    }

    [Fact]
    public async Task Chat_client_streams_the_reply_in_pieces()
    {
        _server.Reply = (_, _) => "A streamed answer in several pieces.";
        using var client = new OpenAIChatClient(Options());

        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Go")]))
        {
            pieces.Add(update.Text);
        }

        Assert.True(pieces.Count > 1);
        Assert.Equal("A streamed answer in several pieces.", string.Concat(pieces));
    }

    [Fact]
    public async Task Chat_client_retries_429_and_503()
    {
        _server.Reply = (_, _) => "finally";
        _server.FailNext(429, 503);
        using var client = new OpenAIChatClient(Options());

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]);

        Assert.Equal("finally", response.Text);
        Assert.Equal(3, _server.ChatAttempts);
    }

    [Fact]
    public async Task Chat_client_gives_up_after_the_configured_retries()
    {
        _server.FailNext(503, 503, 503);
        using var client = new OpenAIChatClient(Options(maxRetries: 2));

        await Assert.ThrowsAnyAsync<System.ClientModel.ClientResultException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]));
        Assert.Equal(3, _server.ChatAttempts);
    }

    [Fact]
    public async Task Embedding_generator_returns_one_vector_per_input_in_order()
    {
        using var generator = new OpenAIEmbeddingGenerator(Options());

        var embeddings = await generator.GenerateAsync(["red apples", "green pears", "red apples"]);

        Assert.Equal(3, embeddings.Count);
        Assert.Equal(OpenAICompatibleServer.Dimensions, embeddings[0].Vector.Length);
        Assert.Equal(OpenAICompatibleServer.Embed("red apples"), embeddings[0].Vector.ToArray());
        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[2].Vector.ToArray());
        Assert.NotEqual(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
    }

    private ModelEndpointOptions Options(int maxRetries = 3) =>
        new() { Endpoint = _server.Endpoint, Model = "test-model", ApiKey = "test-key", MaxRetries = maxRetries };
}
