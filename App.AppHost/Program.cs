using App.AppHost;
using App.AppHost.Identity;
using App.AppHost.Resources;

var (options, arguments) = AppHostOptions.Parse(args);
var builder = DistributedApplication.CreateBuilder(arguments);

// Embedded (default): a SQLite file. Distributed: PostgreSQL from the machine's binaries (a container when published).
var appdb = options.Distributed || builder.ExecutionContext.IsPublishMode
    ? builder.AddPostgresDatabase("postgres", "appdb", options)
    : builder.AddSqliteDatabase("appdb", "app.db", options);
var blobs = builder.AddBlobDirectory("blobs", options);
var identity = builder.AddIdentitySecrets(options);
var models = builder.AddModelConnections();

var worker = builder.AddService<Projects.App_Worker>("worker", appdb)
    .WithReference(blobs).WithSharedKeyRing(identity).WithModelReferences(models);
// The api nudges the worker when it enqueues (SQLite cannot wake another process). `--api-replicas N` runs N of them
// (api, api-2, ...; the later ones nested under api on the dashboard), each its own process, endpoint and health check.
var apis = options.ApiResourceNames.Select(name => builder.AddService<Projects.App_Api>(name, appdb)
    .WithReference(blobs).WithSharedKeyRing(identity).WithInternalIdentity(identity).WithBootstrapAdminKey(identity)
    .WithModelReferences(models).WithReference(worker)).ToList();
foreach (var replica in apis.Skip(1))
{
    replica.WithParentRelationship(apis[0]);
}

// ...and the worker tells every api when a job has new events, so event streams need not poll (again SQLite).
worker.WithReplicaReferences(apis);
// Rag serves collections, search and answers; its uploads enqueue ingestion jobs that the worker runs (it nudges the
// worker as the api does). The worker already has what ingestion needs: appdb (the RAG tables too), blobs, the models.
var rag = builder.AddService<Projects.App_Rag>("rag", appdb)
    .WithReference(blobs).WithSharedKeyRing(identity).WithInternalIdentity(identity).WithModelReferences(models)
    .WithReference(worker);

// The gateway sees every api replica (services__api__http__0, __1, ...), balances over them and checks their health itself.
builder.AddService<Projects.App_Gateway>("gateway", appdb, gatewayPort: options.GatewayPort)
    .WithSharedKeyRing(identity).WithInternalIdentity(identity)
    .WithReplicaReferences(apis, waitFor: true)
    .WithReference(rag).WaitFor(rag)
    .WithReference(worker).WaitFor(worker)
    .WithReadyAnnouncement(identity);

builder.Build().Run();
