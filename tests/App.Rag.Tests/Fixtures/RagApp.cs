using System.Net.Http.Json;
using System.Security.Claims;
using App.Rag.Apis;
using App.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace App.Rag.Tests.Fixtures;

/// <summary>
/// The real App.Rag (its Program, services and database) on a real Kestrel port of 127.0.0.1. The one test-only
/// piece stands in for App.Identity's middleware: it turns X-Test-Tenant/X-Test-User headers into the same claims
/// ("tid" and the name identifier) that the verified gateway token produces.
/// </summary>
public sealed class RagApp : WebApplicationFactory<Program>
{
    public const string TenantHeader = "X-Test-Tenant";
    public const string UserHeader = "X-Test-User";
    private readonly string _directory;
    private readonly Dictionary<string, string?> _settings;

    private RagApp(string directory, Dictionary<string, string?> settings)
    {
        _directory = directory;
        _settings = settings;
    }

    public static async Task<RagApp> StartAsync(bool postgres = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"rag-tests-{Guid.NewGuid():N}");
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:appdb"] = postgres
                ? await PostgresServer.Instance.CreateDatabaseAsync("rag")
                : $"Data Source={Path.Combine(directory, "app.db")}",
            ["ConnectionStrings:blobs"] = Path.Combine(directory, "blobs"),
            ["DataProtection:KeysDirectory"] = Path.Combine(directory, "keys"),
            ["Rag:Ingestion:MaxUploadBytes"] = (1024 * 1024).ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new RagApp(directory, all);
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    public HttpClient ClientFor(Guid tenant, string user = "alice")
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(TenantHeader, tenant.ToString());
        client.DefaultRequestHeaders.Add(UserHeader, user);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, TestIdentityStartupFilter>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed class TestIdentityStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var tenant = context.Request.Headers[TenantHeader].ToString();
                var user = context.Request.Headers[UserHeader].ToString();
                if (tenant.Length > 0 && user.Length > 0)
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(
                        [new Claim("tid", tenant), new Claim(ClaimTypes.NameIdentifier, user)], "test"));
                }

                return nextMiddleware(context);
            });
            next(app);
        };
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
            if (state.Status is "ready" or "failed")
            {
                return state;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Document {document} is still being ingested.");
    }
}
