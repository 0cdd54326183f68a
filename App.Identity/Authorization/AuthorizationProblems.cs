using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace App.Identity.Authorization;

/// <summary>401 and 403 as RFC 9457 ProblemDetails with the platform's stable codes (App.ServiceDefaults' ErrorCodes).</summary>
internal static class AuthorizationProblems
{
    public const string UnauthorizedCode = "unauthorized";
    public const string ForbiddenCode = "forbidden";
    public const string DefaultForbiddenDetail = "The caller may not do this.";

    /// <summary>
    /// Through the registered IProblemDetailsService when there is one, so the service's own customization (trace id,
    /// request id) applies as to every other problem.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { ["code"] = code },
        }).ExecuteAsync(context);
}
