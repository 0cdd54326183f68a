namespace App.AppHost.Resources;

/// <summary>
/// PostgreSQL run from the machine's own server binaries (no container runtime here), listening on a fixed loopback port.
/// Its connection string names the one application database, created with the cluster.
/// </summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory, ParameterResource password, string database)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    public string Database { get; } = database;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password};Database={Database}");
}
