using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace App.Data;

/// <summary>
/// A context's migrations for the database in use. Each module keeps one set per provider in its own folder and namespace
/// (<c>Data/Migrations/Sqlite</c>, <c>Data/Migrations/PostgreSql</c>), both tagged with the same context type; EF Core's
/// own lookup goes by context type alone and would apply both sets, and pick either snapshot.
/// </summary>
public sealed class ProviderMigrationsAssembly : IMigrationsAssembly
{
    private readonly Type _contextType;
    private readonly string _namespaceSuffix;
    private readonly IMigrationsIdGenerator _idGenerator;
    private readonly Lazy<IReadOnlyDictionary<string, TypeInfo>> _migrations;
    private readonly Lazy<ModelSnapshot?> _modelSnapshot;

    public ProviderMigrationsAssembly(ICurrentDbContext currentContext, IDatabaseProvider provider, IMigrationsIdGenerator idGenerator)
    {
        _contextType = currentContext.Context.GetType();
        _namespaceSuffix = "." + FolderOf(provider.Name);
        _idGenerator = idGenerator;
        Assembly = _contextType.Assembly;
        _migrations = new(() => OwnTypes<Migration>()
            .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()?.Id, Type: t))
            .Where(m => m.Id is not null)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToDictionary(m => m.Id!, m => m.Type));
        _modelSnapshot = new(() => OwnTypes<ModelSnapshot>().Select(t => (ModelSnapshot)Activator.CreateInstance(t)!).SingleOrDefault());
    }

    /// <summary>The folder (and last namespace segment) holding one provider's migrations.</summary>
    public static string FolderOf(string providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => "Sqlite",
        "Npgsql.EntityFrameworkCore.PostgreSQL" => "PostgreSql",
        _ => throw new NotSupportedException($"No migrations are kept for the database provider {providerName}."),
    };

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _modelSnapshot.Value;

    public Assembly Assembly { get; }

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => _idGenerator.IsValidId(nameOrId)
            ? string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            : string.Equals(_idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private IEnumerable<TypeInfo> OwnTypes<TBase>() =>
        Assembly.DefinedTypes.Where(t =>
            t is { IsAbstract: false, IsGenericTypeDefinition: false }
            && t.IsSubclassOf(typeof(TBase))
            && t.Namespace?.EndsWith(_namespaceSuffix, StringComparison.Ordinal) == true
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
}
