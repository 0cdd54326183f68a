using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace App.AI;

/// <summary>
/// An OpenAI-compatible endpoint (OpenAI, Azure OpenAI's /openai/v1, Ollama's /v1, vLLM) read from an Aspire connection
/// string: <c>Endpoint=http://localhost:11434/v1;Key=...;Model=...</c>, optionally <c>NetworkTimeout=</c> (seconds) and
/// <c>MaxRetries=</c>. Unknown keys are refused, so a misspelt setting fails at start instead of being ignored.
/// </summary>
public sealed record ModelConnection(Uri Endpoint, string Key, string Model, TimeSpan NetworkTimeout, int MaxRetries)
{
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromSeconds(100);
    public const int DefaultMaxRetries = 3;

    /// <summary>Sent as the bearer token when the string has no Key: local servers that need none accept any value.</summary>
    public const string NoKey = "unused";

    private static readonly string[] KnownKeys = ["Endpoint", "Key", "Model", "NetworkTimeout", "MaxRetries"];

    /// <summary>The connection string <paramref name="name"/> from configuration; null when it is not set.</summary>
    /// <exception cref="InvalidOperationException">The string is set but malformed; the message names the setting.</exception>
    public static ModelConnection? FromConfiguration(IConfiguration configuration, string name)
    {
        var value = configuration.GetConnectionString(name);
        return string.IsNullOrWhiteSpace(value) ? null : Parse(name, value);
    }

    /// <exception cref="InvalidOperationException">The string is malformed; the message names <c>ConnectionStrings:{name}</c>.</exception>
    public static ModelConnection Parse(string name, string connectionString)
    {
        var setting = $"ConnectionStrings:{name}";
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException e)
        {
            throw Invalid(setting, $"is not a connection string of the form Endpoint=...;Key=...;Model=... ({e.Message})");
        }

        var unknown = builder.Keys.Cast<string>().Where(k => !KnownKeys.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid(setting, $"has unknown keys ({string.Join(", ", unknown)}); known: {string.Join(", ", KnownKeys)}");
        }

        var endpointText = Get(builder, "Endpoint") ?? throw Invalid(setting, "has no Endpoint");
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw Invalid(setting, $"has an Endpoint that is not an absolute http(s) URI: '{endpointText}'");
        }

        var model = Get(builder, "Model") ?? throw Invalid(setting, "has no Model");
        var timeout = DefaultNetworkTimeout;
        if (Get(builder, "NetworkTimeout") is { } timeoutText)
        {
            timeout = double.TryParse(timeoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : throw Invalid(setting, $"has a NetworkTimeout that is not a positive number of seconds: '{timeoutText}'");
        }

        var retries = DefaultMaxRetries;
        if (Get(builder, "MaxRetries") is { } retriesText)
        {
            retries = int.TryParse(retriesText, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw Invalid(setting, $"has a MaxRetries that is not a whole number >= 0: '{retriesText}'");
        }

        return new ModelConnection(endpoint, Get(builder, "Key") ?? NoKey, model, timeout, retries);
    }

    // The key never appears in logs or exception messages.
    public override string ToString() => $"Endpoint={Endpoint};Model={Model}";

    private static string? Get(DbConnectionStringBuilder builder, string key) =>
        builder.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static InvalidOperationException Invalid(string setting, string problem) => new($"{setting} {problem}.");
}
