using App.KnowledgeBase.Data;

namespace App.Rag.Tenancy;

/// <summary>
/// Scopes the request's database context to the caller's tenant before any handler runs: every query of the API is
/// tenant-scoped without the handler asking. Who may call at all is the documents policy's decision, made before.
/// </summary>
public static class TenantScopeFilter
{
    public static RouteGroupBuilder ScopeToCallerTenant(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var caller = context.HttpContext.RequestServices.GetRequiredService<ICallerContext>();
            context.HttpContext.RequestServices.GetRequiredService<RagDbContext>().ScopeTo(caller.TenantId);
            return await next(context);
        });
}
