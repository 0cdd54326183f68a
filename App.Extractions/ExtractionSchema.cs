using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace App.Extractions;

/// <summary>
/// A JSON Schema an extraction's result must satisfy: a built-in one or the client's, checked against its meta-schema
/// when parsed. Its item lists are the top-level properties that hold arrays of objects: their items get their
/// <c>page</c> from the worker, so the model is shown the schema without it (<see cref="ForModel"/>).
/// </summary>
public sealed class ExtractionSchema
{
    public const string PageProperty = "page";
    private const int MaxErrors = 20;

    private readonly JsonSchema _schema;

    private ExtractionSchema(string? name, JsonObject document, JsonSchema schema)
    {
        Name = name;
        _schema = schema;
        Canonical = document.ToJsonString();
        ItemLists = document["properties"] is JsonObject properties
            ? properties.Where(p => IsArrayOfObjects(p.Value)).Select(p => p.Key).ToList()
            : [];
        var forModel = document.DeepClone().AsObject();
        foreach (var list in ItemLists)
        {
            if (forModel["properties"]![list]!["items"] is JsonObject items)
            {
                (items["properties"] as JsonObject)?.Remove(PageProperty);
                if (items["required"] is JsonArray required && required.FirstOrDefault(r => r?.GetValue<string>() == PageProperty) is { } page)
                {
                    required.Remove(page);
                }
            }
        }

        ForModel = JsonSerializer.SerializeToElement(forModel);
    }

    /// <summary>The built-in schema's name; null for a client's schema.</summary>
    public string? Name { get; }

    /// <summary>The schema as compact JSON: what is stored with the job and hashed into the cache key.</summary>
    public string Canonical { get; }

    public IReadOnlyList<string> ItemLists { get; }

    /// <summary>The schema without the items' <c>page</c>, which the model is not asked for.</summary>
    public JsonElement ForModel { get; }

    /// <summary>A built-in schema's name or a JSON Schema document (an object schema).</summary>
    /// <exception cref="InvalidSchemaException">Neither a known name nor a valid JSON Schema of an object.</exception>
    public static ExtractionSchema Parse(string nameOrDocument)
    {
        var text = nameOrDocument.Trim();
        if (!text.StartsWith('{'))
        {
            var builtIn = BuiltInSchemas.Find(text)
                ?? throw new InvalidSchemaException(
                    $"'{text}' is neither a built-in schema ({string.Join(", ", BuiltInSchemas.Names)}) nor a JSON Schema document.");
            return FromDocument(BuiltInSchemas.Names.First(n => n == text), builtIn);
        }

        return FromDocument(null, text);
    }

    /// <summary>A schema stored with a job (already checked when the job was created).</summary>
    public static ExtractionSchema FromJob(ExtractionJob job) => FromDocument(job.SchemaName, job.Schema);

    /// <returns>The instance's errors, each with where it is ("/sentences/0/text: ..."); empty when valid.</returns>
    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var results = _schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Location(d.InstanceLocation.ToString())}: {e.Value}"))
            .Distinct()
            .Take(MaxErrors)
            .ToList();
        return errors.Count > 0 ? errors : ["The answer does not match the schema."];
    }

    private static ExtractionSchema FromDocument(string? name, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidSchemaException($"The schema is not JSON: {e.Message}");
        }

        if (node is not JsonObject document)
        {
            throw new InvalidSchemaException("The schema must be a JSON object.");
        }

        var element = JsonSerializer.SerializeToElement(document);
        var meta = MetaSchemaOf(document);
        var check = meta.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!check.IsValid)
        {
            var reasons = (check.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{Location(d.InstanceLocation.ToString())}: {e.Value}")).Take(5);
            throw new InvalidSchemaException($"The schema is not a valid JSON Schema: {string.Join("; ", reasons)}");
        }

        if (document["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "object")
        {
            throw new InvalidSchemaException("The schema must describe a JSON object (\"type\": \"object\" at the top).");
        }

        JsonSchema schema;
        try
        {
            // A registry of its own: the client's $id must neither clash with nor stay in the process-wide one.
            schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidSchemaException($"The schema cannot be used: {e.Message}");
        }

        return new ExtractionSchema(name, document, schema);
    }

    private static JsonSchema MetaSchemaOf(JsonObject document) =>
        document["$schema"]?.GetValueKind() == JsonValueKind.String && document["$schema"]!.GetValue<string>().Contains("draft-07", StringComparison.Ordinal)
            ? MetaSchemas.Draft7
            : MetaSchemas.Draft202012;

    private static bool IsArrayOfObjects(JsonNode? property) =>
        property is JsonObject p && p["type"]?.GetValueKind() == JsonValueKind.String && p["type"]!.GetValue<string>() == "array"
        && p["items"] is JsonObject items && items["type"]?.GetValueKind() == JsonValueKind.String && items["type"]!.GetValue<string>() == "object";

    private static string Location(string pointer) => pointer.Length == 0 ? "/" : pointer;
}

/// <summary>A schema that cannot be used; the message says why, for the client.</summary>
public sealed class InvalidSchemaException(string message) : Exception(message);
