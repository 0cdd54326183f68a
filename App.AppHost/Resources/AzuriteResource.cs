namespace App.AppHost.Resources;

/// <summary>
/// Azurite's blob service (the Azure Storage emulator from npm) on a fixed loopback port. Its connection string uses the
/// emulator's well-known account and key, which are public and accepted by nothing but the emulator.
/// </summary>
public sealed class AzuriteResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "blob";

    /// <summary>The development account every Azurite has (documented by Microsoft; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/{AccountName};");
}
