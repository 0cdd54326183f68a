using System.Globalization;
using System.Text;
using System.Text.Json;
using App.Extractions;
using CsvHelper;

namespace App.Api.Extractions;

/// <summary>
/// The items of an extraction's data, one per line (JSON Lines) or row (CSV): the elements of the schema's item lists in
/// order, or the data itself when the schema has none. CSV columns are every property seen, in first-seen order;
/// strings as they are, other values as JSON.
/// </summary>
public static class ExtractionExport
{
    public const string JsonLines = "jsonl";
    public const string Csv = "csv";

    public static IReadOnlyList<string> Formats { get; } = [JsonLines, Csv];

    public static IReadOnlyList<JsonElement> Items(ExtractionJob input, JsonElement data)
    {
        var lists = ExtractionSchema.FromJob(input).ItemLists;
        if (lists.Count == 0)
        {
            return [data];
        }

        return lists
            .Where(l => data.TryGetProperty(l, out var list) && list.ValueKind == JsonValueKind.Array)
            .SelectMany(l => data.GetProperty(l).EnumerateArray())
            .ToList();
    }

    public static string ToJsonLines(IReadOnlyList<JsonElement> items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append(item.GetRawText().ReplaceLineEndings(" ")).Append('\n');
        }

        return text.ToString();
    }

    public static string ToCsv(IReadOnlyList<JsonElement> items)
    {
        var columns = items.Where(i => i.ValueKind == JsonValueKind.Object)
            .SelectMany(i => i.EnumerateObject().Select(p => p.Name))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, options: null, leaveOpen: true))
        {
            csv.WriteHeader([.. columns]);
            foreach (var item in items.Where(i => i.ValueKind == JsonValueKind.Object))
            {
                csv.WriteRecord([.. columns.Select(c => item.TryGetProperty(c, out var value) ? Cell(value) : "")]);
            }
        }

        return text.ToString();
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };
}
