using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace App.Gateway.Tests.Fixtures;

/// <summary>
/// A real Kestrel server on 127.0.0.1 standing in for a service behind the gateway. /health and /alive (the gateway's
/// active health probe, every 2 s) answer healthy and are never recorded, so a probe cannot overwrite the request a test
/// inspects; every other request goes to the handler the current test set, or is echoed as "{name} {method} {path}{query}".
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile Func<HttpContext, Task>? _handler;

    private TestBackend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
    }

    public string Name { get; }

    public string Url { get; }

    /// <summary>The last request that reached the handler (headers, path, query), for tests to inspect.</summary>
    public ReceivedRequest? LastRequest { get; private set; }

    public static async Task<TestBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        TestBackend? backend = null;
        app.Run(context => backend!.HandleAsync(context));
        await app.StartAsync();
        backend = new TestBackend(name, app);
        return backend;
    }

    public void Handle(Func<HttpContext, Task> handler) => _handler = handler;

    public void Reset()
    {
        _handler = null;
        LastRequest = null;
    }

    private Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == "/health" || context.Request.Path == "/alive")
        {
            return context.Response.WriteAsync("""{"status":"Healthy"}""");
        }

        LastRequest = new ReceivedRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        return _handler?.Invoke(context)
            ?? context.Response.WriteAsync($"{Name} {context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
