using System.Net;
using System.Text;
using HtmlAgilityPack;

namespace App.Documents;

/// <summary>HTML to text: scripts, styles and navigation dropped; block elements become paragraphs, h1-h6 headings.</summary>
public sealed class HtmlExtractor : IDocumentExtractor
{
    private static readonly HashSet<string> Dropped =
        ["script", "style", "nav", "noscript", "template", "svg", "iframe", "head", "form", "button"];

    private static readonly HashSet<string> Blocks =
    [
        "p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote", "pre", "ul", "ol", "li",
        "table", "tr", "dl", "dt", "dd", "figure", "figcaption", "address", "details", "summary", "hr",
    ];

    public SourceFormat Format => SourceFormat.Html;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var html = await TextDecoding.ReadUtf8Async(content, cancellationToken);
        var document = new HtmlDocument();
        document.LoadHtml(html);
        var title = document.DocumentNode.SelectSingleNode("//title")?.InnerText;
        var root = document.DocumentNode.SelectSingleNode("//body") ?? document.DocumentNode;
        var builder = new TextBuilder();
        var pending = new StringBuilder();
        Walk(root, builder, pending);
        Flush(builder, pending);
        return builder.Build(title is null ? builder.FirstHeading : Clean(title), fileName);
    }

    private static void Walk(HtmlNode node, TextBuilder builder, StringBuilder pending)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child.NodeType)
            {
                case HtmlNodeType.Text:
                    pending.Append(WebUtility.HtmlDecode(((HtmlTextNode)child).Text));
                    break;
                case HtmlNodeType.Element when Dropped.Contains(child.Name):
                    break;
                case HtmlNodeType.Element when child.Name is ['h', >= '1' and <= '6']:
                    Flush(builder, pending);
                    builder.AppendHeading(child.Name[1] - '0', Clean(WebUtility.HtmlDecode(child.InnerText)));
                    break;
                case HtmlNodeType.Element when child.Name == "br":
                    pending.Append('\n');
                    break;
                case HtmlNodeType.Element when Blocks.Contains(child.Name):
                    Flush(builder, pending);
                    Walk(child, builder, pending);
                    Flush(builder, pending);
                    break;
                case HtmlNodeType.Element:
                    Walk(child, builder, pending);
                    break;
            }
        }
    }

    private static void Flush(TextBuilder builder, StringBuilder pending)
    {
        builder.AppendBlock(string.Join('\n', pending.ToString().Split('\n').Select(Clean)));
        pending.Clear();
    }

    /// <summary>HTML whitespace is not significant: runs collapse to one space.</summary>
    private static string Clean(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
