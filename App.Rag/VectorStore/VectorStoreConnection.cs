using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace App.Rag.VectorStore;

/// <summary>
/// A Qdrant server read from the optional Aspire connection string <c>ConnectionStrings:vectors</c>:
/// <c>Endpoint=http://host:6334;Key=...</c> (the gRPC port), optionally <c>Collection=</c> (default "chunks") and
/// <c>Dimensions=</c> (default: the embedding model's). Unknown keys are refused, so a misspelt setting fails at start.
/// </summary>
public sealed record VectorStoreConnection(Uri Endpoint, string? Key, string Collection, int? Dimensions)
{
    public const string ConnectionName = "vectors";
    public const string DefaultCollection = "chunks";

    private static readonly string[] KnownKeys = ["Endpoint", "Key", "Collection", "Dimensions"];

    /// <summary>Null when <c>ConnectionStrings:vectors</c> is not set.</summary>
    /// <exception cref="InvalidOperationException">It is set but malformed; the message names the setting.</exception>
    public static VectorStoreConnection? FromConfiguration(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(ConnectionName);
        return string.IsNullOrWhiteSpace(value) ? null : Parse(value);
    }

    /// <exception cref="InvalidOperationException">The string is malformed; the message names <c>ConnectionStrings:vectors</c>.</exception>
    public static VectorStoreConnection Parse(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException e)
        {
            throw Invalid($"is not a connection string of the form Endpoint=http://host:6334;Key=... ({e.Message})");
        }

        var unknown = builder.Keys.Cast<string>().Where(k => !KnownKeys.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid($"has unknown keys ({string.Join(", ", unknown)}); known: {string.Join(", ", KnownKeys)}");
        }

        var endpointText = Get(builder, "Endpoint") ?? throw Invalid("has no Endpoint");
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw Invalid($"has an Endpoint that is not an absolute http(s) URI: '{endpointText}'");
        }

        int? dimensions = null;
        if (Get(builder, "Dimensions") is { } dimensionsText)
        {
            dimensions = int.TryParse(dimensionsText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw Invalid($"has Dimensions that are not a positive whole number: '{dimensionsText}'");
        }

        return new VectorStoreConnection(endpoint, Get(builder, "Key"), Get(builder, "Collection") ?? DefaultCollection, dimensions);
    }

    // The key never appears in logs or exception messages.
    public override string ToString() => $"Endpoint={Endpoint};Collection={Collection}";

    private static string? Get(DbConnectionStringBuilder builder, string key) =>
        builder.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static InvalidOperationException Invalid(string problem) => new($"ConnectionStrings:{ConnectionName} {problem}.");
}
