using App.Identity.Authorization;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using App.Rag.Tenancy;
using App.Rag.Uploads;
using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Rag.Apis;

public static class DocumentsApi
{
    /// <summary>Room for the multipart boundaries and the other form fields around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/collections/{id:guid}/documents").WithTags("Documents")
            .RequireAuthorization(AppPolicies.Documents)
            .ScopeToCallerTenant();
        group.MapPost("/", UploadAsync).WithName("UploadDocument")
            .WithSummary("Uploads a document (multipart 'file', optional comma-separated 'tags') and queues its ingestion")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery();
        group.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("Lists the collection's documents with their ingestion state");
        group.MapGet("/{documentId:guid}", GetAsync).WithName("GetDocument").WithSummary("Gets a document and its ingestion state per step");
        group.MapDelete("/{documentId:guid}", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Deletes a document with its chunks and vectors");
        return app;
    }

    private static async Task<Results<Accepted<DocumentResponse>, Ok<DocumentResponse>, NotFound, ProblemHttpResult>> UploadAsync(
        Guid id, HttpRequest request, DocumentUploader uploader, IOptions<UploadOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes + MultipartOverhead;
        if (request.ContentLength > limit)
        {
            return Refuse(uploader.TooLarge());
        }

        if (!request.HasFormContentType)
        {
            return ProblemDetailsExtensions.Problem(
                StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Unsupported media type", "Send the file as multipart/form-data.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
        }
        catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            return Refuse(uploader.TooLarge());
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return ProblemDetailsExtensions.Problem(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Missing file", "The form has no 'file' field.");
        }

        return await uploader.UploadAsync(id, file, form["tags"].ToString(), cancellationToken) switch
        {
            UploadResult.Accepted accepted => TypedResults.Accepted(
                $"/api/v1/collections/{id}/documents/{accepted.Document.Id}", DocumentResponse.From(accepted.Document)),
            UploadResult.Duplicate duplicate => TypedResults.Ok(DocumentResponse.From(duplicate.Document)),
            UploadResult.Refused refused => Refuse(refused),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<Ok<List<DocumentResponse>>, NotFound>> ListAsync(Guid id, RagDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Collections.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var documents = await db.Documents.AsNoTracking().Where(d => d.CollectionId == id).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(documents.Select(DocumentResponse.From).ToList());
    }

    private static async Task<Results<Ok<DocumentResponse>, NotFound>> GetAsync(
        Guid id, Guid documentId, RagDbContext db, CancellationToken cancellationToken) =>
        await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.CollectionId == id, cancellationToken) is { } document
            ? TypedResults.Ok(DocumentResponse.From(document))
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, Guid documentId, DocumentRemover remover, CancellationToken cancellationToken) =>
        await remover.RemoveDocumentAsync(id, documentId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static ProblemHttpResult Refuse(UploadResult.Refused refused) =>
        ProblemDetailsExtensions.Problem(refused.Status, refused.Code, refused.Title, refused.Detail);
}
