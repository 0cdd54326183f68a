namespace App.Documents;

/// <summary>The document cannot be turned into text; retrying will not help, so the ingestion fails with this reason.</summary>
public sealed class ExtractionException(string reason, Exception? inner = null) : Exception(reason, inner);
