using System.Net.Http.Json;
using App.Identity;
using App.Identity.Internal;
using App.Rag.Apis;
using App.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Rag.Tests.Fixtures;

/// <summary>
/// The real App.Rag (its Program, services, database and durable job queue) on a real Kestrel port of 127.0.0.1, and
/// the real App.Worker (<see cref="Worker"/>) on the same database and blobs, which runs the ingestion jobs.
/// Clients carry the internal identity token the gateway would sign (App.Identity's issuer, the shared secret,
/// audience "rag"), so requests pass the service's real token check.
/// </summary>
public sealed class RagApp : WebApplicationFactory<Program>
{
    private const string SigningKey = "rag-tests-internal-signing-key-0123456789abcdef";
    private readonly string _directory;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly InternalTokenIssuer _issuer = new(
        Options.Create(new InternalIdentityOptions { SigningKey = SigningKey }), TimeProvider.System);

    private RagApp(string directory, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _directory = directory;
        _settings = settings;
        _services = services;
    }

    /// <summary>The worker process's services (its job queue, ingestion maintenance).</summary>
    public IServiceProvider WorkerServices => Worker.Services;

    private WorkerApp Worker { get; set; } = null!;

    /// <summary>Starts the worker of an app started without it.</summary>
    public void StartWorker() => _ = Worker.Services;

    /// <param name="services">Test replacements registered after each app's own services (a failing model, for example).</param>
    /// <param name="worker">Whether to start the worker; without it, uploads stay queued.</param>
    public static async Task<RagApp> StartAsync(
        bool postgres = false, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        bool worker = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"rag-tests-{Guid.NewGuid():N}");
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:appdb"] = postgres
                ? await PostgresServer.Instance.CreateDatabaseAsync("rag")
                : $"Data Source={Path.Combine(directory, "app.db")}",
            ["ConnectionStrings:blobs"] = Path.Combine(directory, "blobs"),
            ["DataProtection:KeysDirectory"] = Path.Combine(directory, "keys"),
            ["Identity:InternalSigningKey"] = SigningKey,
            ["Rag:Uploads:MaxUploadBytes"] = (1024 * 1024).ToString(),
            ["Jobs:PollInterval"] = "00:00:00.100",
            ["Jobs:BackoffBase"] = "00:00:00.100",
            ["Jobs:MaintenanceInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new RagApp(directory, all, services);
        app.UseKestrel(0);
        app.StartServer();
        app.Worker = new WorkerApp(all, services);
        if (worker)
        {
            app.StartWorker();
        }

        return app;
    }

    /// <param name="scopes">The caller's key scopes; the documents scope when omitted.</param>
    public HttpClient ClientFor(
        Guid tenant, string user = "alice", string audience = RagServiceCollectionExtensions.Audience, IReadOnlySet<string>? scopes = null)
    {
        var caller = new CallerIdentity(
            tenant, user, new HashSet<string>(), scopes ?? new HashSet<string> { ApiKeyScopes.Documents }, AuthMethod.ApiKey, "pro");
        return CreateDefaultClient(new InternalTokenHandler(() => _issuer.Issue(caller, audience)));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await base.DisposeAsync();
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>A fresh token per request, as the gateway signs one per forwarded request.</summary>
    private sealed class InternalTokenHandler(Func<string> issue) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove(InternalIdentityOptions.HeaderName);
            request.Headers.Add(InternalIdentityOptions.HeaderName, issue());
            return base.SendAsync(request, cancellationToken);
        }
    }
}

public static class RagClientExtensions
{
    public static async Task<CollectionResponse> CreateCollectionAsync(this HttpClient client, string name = "docs")
    {
        var response = await client.PostAsJsonAsync("/api/v1/collections", new CreateCollectionRequest(name, null));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CollectionResponse>())!;
    }

    public static async Task<HttpResponseMessage> UploadAsync(
        this HttpClient client, Guid collection, byte[] content, string fileName, string contentType, string? tags = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        if (tags is not null)
        {
            form.Add(new StringContent(tags), "tags");
        }

        return await client.PostAsync($"/api/v1/collections/{collection}/documents", form);
    }

    /// <summary>Polls until ingestion leaves queued/running; the bound only keeps a broken build from hanging.</summary>
    public static async Task<DocumentResponse> WaitForIngestionAsync(this HttpClient client, Guid collection, Guid document)
    {
        for (var i = 0; i < 600; i++)
        {
            var state = (await client.GetFromJsonAsync<DocumentResponse>($"/api/v1/collections/{collection}/documents/{document}"))!;
            if (state.Status is "ready" or "failed" or "canceled")
            {
                return state;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Document {document} is still being ingested.");
    }
}
