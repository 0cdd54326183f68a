using System.Diagnostics;
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

    /// <summary>Every ProblemDetails gets a trace id, a request id and a stable code; 5xx details never carry internals.</summary>
    private static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Extensions.TryAdd(CodeKey, ErrorCodes.ForStatus(status));
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
        if (context.Exception is not null)
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
