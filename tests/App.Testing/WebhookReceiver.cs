using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace App.Testing;

public sealed record ReceivedWebhook(string Body, string? Signature, string? Attempt);

/// <summary>A real Kestrel endpoint on loopback that records every webhook and answers with the scripted status codes.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _replies;

    private WebhookReceiver(WebApplication app, IEnumerable<int> replies)
    {
        _app = app;
        _replies = new ConcurrentQueue<int>(replies);
    }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public string Url => $"{_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}/hook";

    /// <param name="replies">Status codes for the first requests, in order; 200 after them.</param>
    public static async Task<WebhookReceiver> StartAsync(params int[] replies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, replies);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver.Received.Enqueue(new ReceivedWebhook(
                await reader.ReadToEndAsync(),
                context.Request.Headers["X-Webhook-Signature"].FirstOrDefault(),
                context.Request.Headers["X-Webhook-Attempt"].FirstOrDefault()));
            return Results.StatusCode(receiver._replies.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
