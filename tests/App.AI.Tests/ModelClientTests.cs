using App.AI;
using App.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.AI.Tests;

/// <summary>The clients AddChatModel / AddEmbeddingModel register, against a local OpenAI-compatible server over real HTTP.</summary>
public sealed class ModelClientTests : IAsyncLifetime
{
    private OpenAICompatibleServer _server = null!;

    public async Task InitializeAsync() => _server = await OpenAICompatibleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Chat_client_sends_the_messages_and_returns_the_reply()
    {
        _server.Reply = (question, _) => $"You asked: {question}";
        using var host = Build();
        var client = host.Services.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Why is the sky blue?")]);

        Assert.True(host.Services.GetRequiredService<ChatModel>().IsConfigured);
        Assert.Equal("test-model", host.Services.GetRequiredService<ChatModel>().Name);
        Assert.Equal("You asked: Why is the sky blue?", response.Text);
        var request = Assert.Single(_server.ChatRequests);
        Assert.Equal("test-model", (string?)request["model"]);
        Assert.Equal(["system", "user"], request["messages"]!.AsArray().Select(m => (string?)m!["role"]));
    }

    [Fact]
    public async Task Chat_client_streams_the_reply_in_pieces()
    {
        _server.Reply = (_, _) => "A streamed answer in several pieces.";
        using var host = Build();
        var client = host.Services.GetRequiredService<IChatClient>();

        var pieces = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Go")]))
        {
            if (update.Text.Length > 0)
            {
                pieces.Add(update.Text);
            }
        }

        Assert.True(pieces.Count > 1);
        Assert.Equal("A streamed answer in several pieces.", string.Concat(pieces));
    }

    [Fact]
    public async Task Chat_client_retries_429_and_503()
    {
        _server.Reply = (_, _) => "finally";
        _server.FailNext(429, 503);
        using var host = Build();

        var response = await host.Services.GetRequiredService<IChatClient>().GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]);

        Assert.Equal("finally", response.Text);
        Assert.Equal(3, _server.ChatAttempts);
    }

    [Fact]
    public async Task Chat_client_gives_up_after_the_configured_retries()
    {
        _server.FailNext(503, 503, 503);
        using var host = Build(";MaxRetries=2");

        await Assert.ThrowsAnyAsync<System.ClientModel.ClientResultException>(() =>
            host.Services.GetRequiredService<IChatClient>().GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]));
        Assert.Equal(3, _server.ChatAttempts);
    }

    [Fact]
    public async Task Embedding_generator_returns_one_vector_per_input_in_order_with_the_model_id()
    {
        using var host = Build();
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await generator.GenerateAsync(["red apples", "green pears", "red apples"]);

        Assert.Equal("test-embeddings", host.Services.GetRequiredService<EmbeddingModel>().Id);
        Assert.Equal(3, embeddings.Count);
        Assert.Equal(OpenAICompatibleServer.Dimensions, embeddings[0].Vector.Length);
        Assert.Equal(OpenAICompatibleServer.Embed("red apples"), embeddings[0].Vector.ToArray());
        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[2].Vector.ToArray());
        Assert.NotEqual(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
    }

    private IHost Build(string chatExtra = "") => ModelConnectionTests.Build(new()
    {
        ["ConnectionStrings:chat"] = $"Endpoint={_server.Endpoint};Key=test-key;Model=test-model{chatExtra}",
        ["ConnectionStrings:embeddings"] = $"Endpoint={_server.Endpoint};Key=test-key;Model=test-embeddings",
    });
}
