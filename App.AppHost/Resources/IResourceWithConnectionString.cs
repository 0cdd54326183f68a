namespace App.AppHost.Resources;

/// <summary>
/// A resource that services reach through <c>ConnectionStrings__{Name}</c>. The embedded SQLite file and blob directory
/// implement it today; a PostgreSQL or S3 resource can replace them without a service noticing.
/// </summary>
public interface IResourceWithConnectionString : IResource
{
    string ConnectionString { get; }
}
