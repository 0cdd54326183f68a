namespace App.Extractions;

/// <summary>Schemas a client names instead of sending one.</summary>
public static class BuiltInSchemas
{
    /// <summary>Every sentence of the document, in order.</summary>
    public const string Sentences = "sentences";

    /// <summary>Key-value fields of a form.</summary>
    public const string Fields = "fields";

    private static readonly Dictionary<string, string> Documents = new(StringComparer.Ordinal)
    {
        [Sentences] = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "sentences": {
                  "type": "array",
                  "description": "Every sentence of the text, in reading order, verbatim.",
                  "items": {
                    "type": "object",
                    "properties": {
                      "text": { "type": "string", "minLength": 1 },
                      "page": { "type": "integer", "minimum": 1 }
                    },
                    "required": ["text", "page"]
                  }
                }
              },
              "required": ["sentences"]
            }
            """,
        [Fields] = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "fields": {
                  "type": "array",
                  "description": "Every labelled field of the form: its label as printed and the value filled in (null when empty).",
                  "items": {
                    "type": "object",
                    "properties": {
                      "key": { "type": "string", "minLength": 1 },
                      "value": { "type": ["string", "null"] },
                      "page": { "type": "integer", "minimum": 1 }
                    },
                    "required": ["key", "value", "page"]
                  }
                }
              },
              "required": ["fields"]
            }
            """,
    };

    public static IReadOnlyCollection<string> Names => Documents.Keys;

    public static string? Find(string name) => Documents.GetValueOrDefault(name);
}
