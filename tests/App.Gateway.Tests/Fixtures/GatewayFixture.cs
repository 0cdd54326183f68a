namespace App.Gateway.Tests.Fixtures;

/// <summary>
/// Three backends (api, rag, worker) and one gateway in front of them, shared by the tests of the "gateway" collection.
/// Settings are chosen so each test can show its effect: a large api body limit (the 100 MB upload), a small rag one
/// (the 413 tests), one allowed CORS origin. The activity timeout stays at its 100 s default, so anything that ends an
/// upstream request within a test's bound was ended by the gateway reacting, not by that timeout.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string AllowedOrigin = "https://app.example.test";
    public const long RagBodyLimit = 256 * 1024;

    public TestBackend Api { get; private set; } = null!;
    public TestBackend Rag { get; private set; } = null!;
    public TestBackend Worker { get; private set; } = null!;
    public GatewayProcess Gateway { get; private set; } = null!;
    public HttpClient Client => Gateway.Client;

    public async Task InitializeAsync()
    {
        Api = await TestBackend.StartAsync("api");
        Rag = await TestBackend.StartAsync("rag");
        Worker = await TestBackend.StartAsync("worker");
        Gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["services__api__http__0"] = Api.Url,
            ["services__rag__http__0"] = Rag.Url,
            ["services__worker__http__0"] = Worker.Url,
            ["ReverseProxy__Routes__api__MaxRequestBodySize"] = (200L * 1024 * 1024).ToString(),
            ["ReverseProxy__Routes__documents-upload__MaxRequestBodySize"] = RagBodyLimit.ToString(),
            ["Cors__AllowedOrigins__0"] = AllowedOrigin,
        });
    }

    /// <summary>Each test starts from default backends.</summary>
    public void Reset()
    {
        Api.Reset();
        Rag.Reset();
        Worker.Reset();
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Api.DisposeAsync();
        await Rag.DisposeAsync();
        await Worker.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
