using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Uploads;

/// <summary>A client's upload refused before anything is stored; handlers turn it into a ProblemDetails with its code.</summary>
public sealed class UploadRejectedException(int status, string code, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string Title { get; } = title;

    public ProblemHttpResult ToProblem() => ProblemDetailsExtensions.Problem(Status, Code, Title, Message);
}
