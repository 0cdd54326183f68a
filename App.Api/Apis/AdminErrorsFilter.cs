using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace App.Api.Apis;

/// <summary>
/// The admin services' refusals mapped to answers: a tenant the caller may not administer is 403, bad input 400, a
/// duplicate (same e-mail in a tenant) 409. Who may administer at all is the admin policy's decision, made before.
/// </summary>
public sealed class AdminErrorsFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UnauthorizedAccessException)
        {
            return Forbidden("The caller may not administer that tenant.");
        }
        catch (ArgumentException ex)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Invalid request", ex.Message);
        }
        catch (DbUpdateException)
        {
            return ProblemDetailsExtensions.Problem(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                "Conflict", "It conflicts with an existing entry (for example a user with the same e-mail).");
        }
    }

    public static ProblemHttpResult Forbidden(string detail) =>
        ProblemDetailsExtensions.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Forbidden", detail);
}
