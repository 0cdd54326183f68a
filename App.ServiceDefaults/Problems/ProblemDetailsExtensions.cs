using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.ServiceDefaults.Problems;

public static class ProblemDetailsExtensions
{
    public const string RequestIdHeader = "X-Request-Id";
    public const string CodeKey = "code";

    public static void AddDefaultProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Customize);
        builder.Services.AddTransient<IStartupFilter, ProblemHandlingStartupFilter>();
    }

    /// <summary>
    /// Every ProblemDetails gets a trace id, a request id and a stable code; 5xx details never carry internals. An
    /// unhandled exception that means the database is unreachable becomes 503 with Retry-After (<see cref="DatabaseUnavailable"/>).
    /// Done here rather than in an IExceptionHandler because this runs for both writers of an unhandled exception: the
    /// exception handler middleware and, in Development, the developer exception page (which ignores IExceptionHandler).
    /// </summary>
    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (context.Exception is { } exception && DatabaseUnavailable.Caused(exception) && !context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.HttpContext.Response.Headers.RetryAfter = ((int)DatabaseUnavailable.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            problem.Status = StatusCodes.Status503ServiceUnavailable;
            problem.Title = "Database unavailable";
            problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4";
            problem.Extensions[CodeKey] = DatabaseUnavailable.Code;
        }

        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Extensions.TryAdd(CodeKey, ErrorCodes.ForStatus(status));
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable && context.Exception is not null)
        {
            problem.Detail = $"The database cannot be reached right now. Retry in {DatabaseUnavailable.RetryAfter.TotalSeconds:0} s.";
            problem.Extensions.Remove("exception");
        }
        else if (context.Exception is not null)
        {
            problem.Detail = "An unexpected error occurred. Quote the trace id when reporting it.";
            problem.Extensions.Remove("exception");
        }
    }

    /// <summary>A ProblemDetails result with a stable code, for handlers that refuse a request.</summary>
    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = { [CodeKey] = code },
        });

    /// <summary>Writes a ProblemDetails directly, for middleware that answers before an endpoint runs (gateway, rate limits).</summary>
    public static async Task WriteProblemAsync(this HttpContext context, int status, string code, string title, string? detail = null)
    {
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = detail,
                Extensions = { [CodeKey] = code },
            },
        });
    }

    private sealed class ProblemHandlingStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(EchoRequestId);
            app.UseExceptionHandler();
            app.UseStatusCodePages();
            next(app);
        };

        /// <summary>Keeps a well-formed incoming request id (so one id follows a request across services), otherwise makes one.</summary>
        private static Task EchoRequestId(HttpContext context, Func<Task> next)
        {
            var incoming = context.Request.Headers[RequestIdHeader].ToString();
            if (IsWellFormed(incoming))
            {
                context.TraceIdentifier = incoming;
            }

            context.Response.Headers[RequestIdHeader] = context.TraceIdentifier;
            return next();
        }

        private static bool IsWellFormed(string id) =>
            id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
    }
}
