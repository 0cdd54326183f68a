using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace App.Identity.Data;

/// <summary>
/// The model holds the encrypting converters, and so the protector; keying the cached model on the protector keeps
/// two hosts in one process (tests, side-by-side services) from encrypting with each other's key rings.
/// </summary>
internal sealed class ProtectorAwareModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is IdentityDbContext identity
            ? (context.GetType(), identity.Protector, designTime)
            : (context.GetType(), designTime);
}
