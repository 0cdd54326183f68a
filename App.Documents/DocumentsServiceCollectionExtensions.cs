using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace App.Documents;

public static class DocumentsServiceCollectionExtensions
{
    /// <summary>
    /// Text extraction for every <see cref="SourceFormat"/>, with options from <see cref="ExtractionOptions.SectionName"/>.
    /// Idempotent: the worker's extraction and ingestion both ask for it.
    /// </summary>
    public static IServiceCollection AddDocumentExtraction(this IServiceCollection services)
    {
        services.AddOptions<ExtractionOptions>().BindConfiguration(ExtractionOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, PlainTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, MarkdownExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, HtmlExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, DocxExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, PdfExtractor>());
        services.TryAddSingleton<DocumentExtraction>();
        return services;
    }
}
