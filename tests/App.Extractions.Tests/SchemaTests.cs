using System.Text;
using System.Text.Json;

namespace App.Extractions.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void The_sentences_schema_has_one_item_list_and_shows_the_model_no_page()
    {
        var schema = ExtractionSchema.Parse(BuiltInSchemas.Sentences);

        Assert.Equal(BuiltInSchemas.Sentences, schema.Name);
        Assert.Equal(["sentences"], schema.ItemLists);
        var items = schema.ForModel.GetProperty("properties").GetProperty("sentences").GetProperty("items");
        Assert.False(items.GetProperty("properties").TryGetProperty("page", out _));
        Assert.Equal(["text"], items.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("\"page\"", schema.Canonical, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_names_where_an_answer_breaks_the_schema()
    {
        var schema = ExtractionSchema.Parse(BuiltInSchemas.Sentences);

        var valid = schema.Validate(Json("""{"sentences": [{"text": "One.", "page": 1}]}"""));
        var noPage = schema.Validate(Json("""{"sentences": [{"text": "One."}]}"""));
        var notAList = schema.Validate(Json("""{"sentences": "One."}"""));

        Assert.Empty(valid);
        Assert.Contains(noPage, e => e.StartsWith("/sentences/0", StringComparison.Ordinal));
        Assert.Contains(notAList, e => e.StartsWith("/sentences", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("paragraphs", "neither a built-in schema")]
    [InlineData("{\"type\": \"object\"", "not JSON")]
    [InlineData("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": 12}}}", "not a valid JSON Schema")]
    [InlineData("{\"type\": \"array\"}", "must describe a JSON object")]
    [InlineData("{\"properties\": {}}", "must describe a JSON object")]
    public void A_schema_that_cannot_be_used_is_refused_with_the_reason(string schema, string reason)
    {
        var error = Assert.Throws<InvalidSchemaException>(() => ExtractionSchema.Parse(schema));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_key_changes_with_each_of_content_schema_instructions_and_model()
    {
        var sentences = ExtractionSchema.Parse(BuiltInSchemas.Sentences);
        var fields = ExtractionSchema.Parse(BuiltInSchemas.Fields);
        var content = Encoding.UTF8.GetBytes("The same document.");
        var key = ExtractionCacheKey.Compute(content, sentences, null, "model-a");

        Assert.Equal(key, ExtractionCacheKey.Compute(Encoding.UTF8.GetBytes("The same document."), sentences, null, "model-a"));
        Assert.Equal(64, key.Length);
        Assert.NotEqual(key, ExtractionCacheKey.Compute(Encoding.UTF8.GetBytes("Another document."), sentences, null, "model-a"));
        Assert.NotEqual(key, ExtractionCacheKey.Compute(content, fields, null, "model-a"));
        Assert.NotEqual(key, ExtractionCacheKey.Compute(content, sentences, "Only the first page.", "model-a"));
        Assert.NotEqual(key, ExtractionCacheKey.Compute(content, sentences, null, "model-b"));
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
