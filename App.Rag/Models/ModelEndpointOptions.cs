namespace App.Rag.Models;

/// <summary>
/// An OpenAI-compatible endpoint (OpenAI, Azure OpenAI's /openai/v1, Ollama's /v1, vLLM), bound from "Rag:Chat" and
/// "Rag:Embeddings". Unset <see cref="Endpoint"/> or <see cref="Model"/> means "not configured": the service then
/// answers extractively / searches lexically instead of failing.
/// </summary>
public sealed class ModelEndpointOptions
{
    public const string ChatSection = "Rag:Chat";
    public const string EmbeddingsSection = "Rag:Embeddings";

    /// <summary>Base URL including the version segment, e.g. http://localhost:11434/v1.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Sent as the bearer token; local servers that need none accept any value.</summary>
    public string ApiKey { get; set; } = "unused";

    public string? Model { get; set; }

    /// <summary>Retries of 408, 429 and 5xx answers (Retry-After honored), by the OpenAI client's own pipeline.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    public bool IsConfigured => Endpoint is not null && !string.IsNullOrWhiteSpace(Model);
}
