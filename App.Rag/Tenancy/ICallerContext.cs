namespace App.Rag.Tenancy;

/// <summary>Who is asking: every query of the RAG service starts from this tenant and user.</summary>
public interface ICallerContext
{
    /// <summary>False when the request carries no verified identity; the authorization policies answer 401 before any handler runs.</summary>
    bool IsAuthenticated { get; }

    Guid TenantId { get; }

    string UserId { get; }
}
