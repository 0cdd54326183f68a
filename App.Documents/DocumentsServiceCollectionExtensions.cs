using Microsoft.Extensions.DependencyInjection;

namespace App.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>Text extraction for every <see cref="SourceFormat"/>, with options from <see cref="ExtractionOptions.SectionName"/>.</summary>
    public static IServiceCollection AddDocumentExtraction(this IServiceCollection services)
    {
        services.AddOptions<ExtractionOptions>().BindConfiguration(ExtractionOptions.SectionName);
        services.AddSingleton<IDocumentExtractor, PlainTextExtractor>();
        services.AddSingleton<IDocumentExtractor, MarkdownExtractor>();
        services.AddSingleton<IDocumentExtractor, HtmlExtractor>();
        services.AddSingleton<IDocumentExtractor, DocxExtractor>();
        services.AddSingleton<IDocumentExtractor, PdfExtractor>();
        services.AddSingleton<DocumentExtraction>();
        return services;
    }
}
