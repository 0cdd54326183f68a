using App.AppHost;
using App.AppHost.Identity;
using App.AppHost.Resources;

var (options, arguments) = AppHostOptions.Parse(args);
var builder = DistributedApplication.CreateBuilder(arguments);

// Embedded (default): a SQLite file. Distributed: PostgreSQL from the machine's binaries (a container when published).
var appdb = options.Distributed || builder.ExecutionContext.IsPublishMode
    ? builder.AddPostgresDatabase("postgres", "appdb", options)
    : builder.AddSqliteDatabase("appdb", "app.db", options);
// Embedded: a blob folder. Distributed: Azurite from npm (a connection-string parameter when published); it also holds
// the shared Data Protection key rings, so the gateway references it too.
var blobs = options.Distributed || builder.ExecutionContext.IsPublishMode
    ? builder.AddAzuriteBlobs("blobs", options)
    : builder.AddBlobDirectory("blobs", options);
// Distributed: Redis holds the gateways' shared rate-limit counters (the database does when there is none), carries API
// key revocations from the api to every gateway, and job wake-ups and changes between api, rag and workers (pub/sub).
var cache = options.Distributed || builder.ExecutionContext.IsPublishMode ? builder.AddRedisServer("cache", options) : null;
var identity = builder.AddIdentitySecrets(options);
var models = builder.AddModelConnections();

// `--worker-replicas N` and `--api-replicas N` run N of each (worker, worker-2, ...; api, api-2, ...; the later ones nested
// under the first on the dashboard), each its own process, endpoint and health check. Two of each when distributed.
var workers = options.WorkerResourceNames.Select(name => builder.AddService<Projects.App_Worker>(name, appdb)
    .WithBlobs(blobs).WithSharedKeyRing(identity).WithModelReferences(models)).ToList();
var worker = workers[0];
// The api nudges the workers when it enqueues (SQLite cannot wake another process).
var apis = options.ApiResourceNames.Select(name => builder.AddService<Projects.App_Api>(name, appdb)
    .WithBlobs(blobs).WithSharedKeyRing(identity).WithInternalIdentity(identity).WithBootstrapAdminKey(identity)
    .WithModelReferences(models).WithReplicaReferences(workers)).ToList();
foreach (var replica in apis.Skip(1).Concat(workers.Skip(1)))
{
    replica.WithParentRelationship(replica.Resource.Name.StartsWith("api", StringComparison.Ordinal) ? apis[0] : worker);
}

// ...and every worker tells every api when a job has new events, so event streams need not poll (again SQLite).
foreach (var replica in workers)
{
    replica.WithReplicaReferences(apis);
}
// Rag serves collections, search and answers; its uploads enqueue ingestion jobs that the workers run (it nudges them
// as the api does). The workers already have what ingestion needs: appdb (the RAG tables too), blobs, the models.
var rag = builder.AddService<Projects.App_Rag>("rag", appdb)
    .WithBlobs(blobs).WithSharedKeyRing(identity).WithInternalIdentity(identity).WithModelReferences(models)
    .WithReplicaReferences(workers);

// The gateway sees every api replica (services__api__http__0, __1, ...), balances over them and checks their health itself.
var gateway = builder.AddService<Projects.App_Gateway>("gateway", appdb, gatewayPort: options.GatewayPort)
    .WithBlobs(blobs).WithSharedKeyRing(identity).WithInternalIdentity(identity)
    .WithReplicaReferences(apis, waitFor: true)
    .WithReference(rag).WaitFor(rag)
    .WithReplicaReferences(workers, waitFor: true)
    .WithReadyAnnouncement(identity);
if (cache is not null)
{
    foreach (var service in apis.Concat(workers).Append(rag).Append(gateway))
    {
        service.WithReference(cache).WaitFor(cache);
    }
}

builder.Build().Run();
