using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using System.Text;

namespace App.Documents;

/// <summary>Markdown to plain text: markup dropped, headings kept as their own lines with their level.</summary>
public sealed class MarkdownExtractor : IDocumentExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseYamlFrontMatter().Build();

    public SourceFormat Format => SourceFormat.Markdown;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var markdown = await TextDecoding.ReadUtf8Async(content, cancellationToken);
        var document = Markdown.Parse(markdown, Pipeline);
        var builder = new TextBuilder();
        foreach (var block in document)
        {
            Append(builder, block);
        }

        return builder.Build(builder.FirstHeading, fileName);
    }

    private static void Append(TextBuilder builder, Block block)
    {
        switch (block)
        {
            case HeadingBlock heading:
                builder.AppendHeading(heading.Level, InlineText(heading.Inline));
                break;
            case ParagraphBlock paragraph:
                builder.AppendBlock(InlineText(paragraph.Inline));
                break;
            case YamlFrontMatterBlock:
                break;
            case CodeBlock code:
                builder.AppendBlock(code.Lines.ToString());
                break;
            case ListBlock list:
                builder.AppendBlock(ListText(list));
                break;
            case Table table:
                builder.AppendBlock(TableText(table));
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Append(builder, child);
                }

                break;
        }
    }

    private static string ListText(ListBlock list)
    {
        var text = new StringBuilder();
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var parts = item.Select(child => child switch
            {
                ParagraphBlock p => InlineText(p.Inline),
                ListBlock nested => ListText(nested),
                _ => string.Empty,
            }).Where(p => p.Length > 0);
            text.Append("- ").AppendJoin('\n', parts).Append('\n');
        }

        return text.ToString();
    }

    private static string TableText(Table table) =>
        string.Join('\n', table.OfType<TableRow>().Select(row =>
            string.Join(" | ", row.OfType<TableCell>().Select(cell =>
                string.Join(' ', cell.OfType<ParagraphBlock>().Select(p => InlineText(p.Inline)))))));

    private static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        AppendInline(text, inline);
        return text.ToString();
    }

    private static void AppendInline(StringBuilder text, Inline? inline)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append('\n');
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInline(text, child);
                }

                break;
        }
    }
}
