using App.Identity.Audit;
using App.Identity.Data;
using App.Identity.Protection;
using Microsoft.EntityFrameworkCore;

namespace App.Identity.Admin;

/// <summary>Users of a tenant; e-mails are stored encrypted and found through their keyed lookup hash.</summary>
public sealed class UserAdminService(IdentityDbContext db, PersonalDataProtector protector, AuditLog audit, TimeProvider time)
{
    public async Task<UserSummary> CreateAsync(CallerIdentity caller, Guid tenantId, NewUser request, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandTenantAdmin(caller, tenantId);
        if (!Roles.IsKnown(request.Role) || string.IsNullOrWhiteSpace(request.Email))
        {
            throw new ArgumentException("A user needs an e-mail and a known role.", nameof(request));
        }

        var user = new User
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Email = request.Email.Trim(),
            EmailLookup = EmailLookup(request.Email),
            Role = request.Role,
            ExternalSubject = request.ExternalSubject,
            CreatedAt = time.GetUtcNow(),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditRecord(tenantId, caller.Subject, "user.create", user.Id.ToString(), AuditRecord.Succeeded), cancellationToken);
        return ToSummary(user);
    }

    public async Task<UserSummary?> FindByEmailAsync(CallerIdentity caller, Guid tenantId, string email, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandTenantAdmin(caller, tenantId);
        var lookup = EmailLookup(email);
        var user = await db.ScopeTo(tenantId).Users.AsNoTracking().SingleOrDefaultAsync(u => u.EmailLookup == lookup, cancellationToken);
        return user is null ? null : ToSummary(user);
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CallerIdentity caller, Guid tenantId, CancellationToken cancellationToken = default)
    {
        AdminAccess.DemandTenantAdmin(caller, tenantId);
        var users = await db.ScopeTo(tenantId).Users.AsNoTracking().ToListAsync(cancellationToken);
        return users.OrderBy(u => u.CreatedAt).Select(ToSummary).ToList();
    }

    private byte[] EmailLookup(string email) =>
        protector.LookupHash(PersonalDataProtector.EmailPurpose, PersonalDataProtector.NormalizeEmail(email));

    private static UserSummary ToSummary(User u) => new(u.Id, u.TenantId, u.Email, u.Role, u.ExternalSubject, u.CreatedAt);
}
