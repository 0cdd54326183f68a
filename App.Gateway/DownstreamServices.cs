namespace App.Gateway;

/// <summary>
/// The services behind the gateway, by their Aspire resource names: YARP's clusters and the audiences of internal
/// tokens are named the same, and <c>http://{name}</c> resolves through service discovery.
/// </summary>
public static class DownstreamServices
{
    public const string Api = "api";
    public const string Rag = "rag";
    public const string Worker = "worker";

    /// <summary>The client the gateway's own requests to services use (health, OpenAPI documents).</summary>
    public const string HttpClientName = "downstream";

    /// <summary>The services whose OpenAPI documents the docs UI lists.</summary>
    public static readonly IReadOnlyList<string> Documented = [Api, Rag];

    /// <summary>The services whose readiness the gateway's own /health reports.</summary>
    public static readonly IReadOnlyList<string> Checked = [Api, Rag, Worker];

    public static Uri Address(string service, string path) => new($"http://{service}{path}");
}
