using App.Identity.Authorization;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using App.Rag.Tenancy;
using App.Rag.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Rag.Apis;

public static class CollectionsApi
{
    public static IEndpointRouteBuilder MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/collections").WithTags("Collections")
            .RequireAuthorization(AppPolicies.Documents)
            .ScopeToCallerTenant();
        group.MapPost("/", CreateAsync).WithName("CreateCollection").WithSummary("Creates a collection of documents");
        group.MapGet("/", ListAsync).WithName("ListCollections").WithSummary("Lists the tenant's collections");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCollection").WithSummary("Gets a collection");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCollection")
            .WithSummary("Deletes a collection with its documents, chunks, vectors and conversations");
        return app;
    }

    private static async Task<Results<Created<CollectionResponse>, ValidationProblem>> CreateAsync(
        CreateCollectionRequest request, RagDbContext db, ICallerContext caller, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 200 || request.Description?.Length > 2000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = ["A name of 1 to 200 characters is required; a description has at most 2000."],
            });
        }

        var collection = new Collection
        {
            Id = Guid.CreateVersion7(), TenantId = caller.TenantId, Name = name, Description = request.Description, CreatedAt = time.GetUtcNow(),
        };
        db.Collections.Add(collection);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/collections/{collection.Id}", CollectionResponse.From(collection));
    }

    private static async Task<Ok<List<CollectionResponse>>> ListAsync(RagDbContext db, CancellationToken cancellationToken)
    {
        var collections = await db.Collections.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(collections.Select(CollectionResponse.From).ToList());
    }

    private static async Task<Results<Ok<CollectionResponse>, NotFound>> GetAsync(Guid id, RagDbContext db, CancellationToken cancellationToken) =>
        await db.Collections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } collection
            ? TypedResults.Ok(CollectionResponse.From(collection))
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, DocumentRemover remover, CancellationToken cancellationToken) =>
        await remover.RemoveCollectionAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
