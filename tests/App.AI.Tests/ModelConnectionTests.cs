using App.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.AI.Tests;

public sealed class ModelConnectionTests
{
    [Fact]
    public void Parses_endpoint_key_model_and_the_optional_settings()
    {
        var connection = ModelConnection.Parse("chat",
            "Endpoint=https://models.example/v1;Key=sk-1;Model=gpt-4o-mini;NetworkTimeout=12.5;MaxRetries=0");

        Assert.Equal(new Uri("https://models.example/v1"), connection.Endpoint);
        Assert.Equal("sk-1", connection.Key);
        Assert.Equal("gpt-4o-mini", connection.Model);
        Assert.Equal(TimeSpan.FromSeconds(12.5), connection.NetworkTimeout);
        Assert.Equal(0, connection.MaxRetries);
        Assert.DoesNotContain("sk-1", connection.ToString());
    }

    [Fact]
    public void Key_and_the_optional_settings_have_defaults_and_keys_are_case_insensitive()
    {
        var connection = ModelConnection.Parse("chat", "endpoint=http://127.0.0.1:11434/v1; model = llama3.2 ");

        Assert.Equal(ModelConnection.NoKey, connection.Key);
        Assert.Equal("llama3.2", connection.Model);
        Assert.Equal(ModelConnection.DefaultNetworkTimeout, connection.NetworkTimeout);
        Assert.Equal(ModelConnection.DefaultMaxRetries, connection.MaxRetries);
    }

    [Theory]
    [InlineData("Key=k;Model=m", "has no Endpoint")]
    [InlineData("Endpoint=http://localhost/v1;Key=k", "has no Model")]
    [InlineData("Endpoint=localhost:8080/v1;Model=m", "not an absolute http(s) URI")]
    [InlineData("Endpoint=/v1;Model=m", "not an absolute http(s) URI")]
    [InlineData("Endpoint=ftp://models.example/v1;Model=m", "not an absolute http(s) URI")]
    [InlineData("Endpoint=http://localhost/v1;Model=m;Modle=x", "unknown keys (modle)")]
    [InlineData("Endpoint=http://localhost/v1;Model=m;NetworkTimeout=soon", "NetworkTimeout")]
    [InlineData("Endpoint=http://localhost/v1;Model=m;MaxRetries=-1", "MaxRetries")]
    [InlineData("Endpoint='http://localhost/v1;Model=m", "is not a connection string")]
    public void A_malformed_string_is_refused_naming_the_setting(string value, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelConnection.Parse("chat", value));

        Assert.StartsWith("ConnectionStrings:chat ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Without_a_chat_connection_string_ChatModel_says_so_and_no_IChatClient_is_registered()
    {
        using var host = Build([]);

        Assert.False(host.Services.GetRequiredService<ChatModel>().IsConfigured);
        Assert.Null(host.Services.GetService<IChatClient>());
    }

    [Fact]
    public void A_malformed_chat_connection_string_fails_at_start_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["ConnectionStrings:chat"] = "Endpoint=http://localhost/v1;Key=k" }));

        Assert.Equal("ConnectionStrings:chat has no Model.", error.Message);
    }

    [Fact]
    public void A_malformed_embeddings_connection_string_fails_at_start_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["ConnectionStrings:embeddings"] = "Model=m" }));

        Assert.Equal("ConnectionStrings:embeddings has no Endpoint.", error.Message);
    }

    internal static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddChatModel();
        builder.AddEmbeddingModel();
        return builder.Build();
    }
}
