using System.Linq.Expressions;

namespace App.Rag.VectorStore;

/// <summary>
/// The filters a chunk collection supports: equality on <see cref="ChunkVectorRecord.TenantId"/>,
/// <see cref="ChunkVectorRecord.CollectionId"/> or <see cref="ChunkVectorRecord.DocumentId"/> against a constant or a
/// captured value, combined with <c>&amp;&amp;</c>. Qdrant gets them as payload conditions; anything else is refused by name
/// rather than evaluated differently by the two implementations.
/// </summary>
public sealed record ChunkFilter(IReadOnlyList<(string Field, Guid Value)> Equalities)
{
    public static readonly ChunkFilter None = new([]);

    public static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ChunkVectorRecord.TenantId), nameof(ChunkVectorRecord.CollectionId), nameof(ChunkVectorRecord.DocumentId),
    };

    /// <exception cref="NotSupportedException">The expression is anything but equalities on the filterable ids joined by &amp;&amp;.</exception>
    public static ChunkFilter Parse(Expression<Func<ChunkVectorRecord, bool>>? filter) => Parse<ChunkVectorRecord>(filter);

    /// <summary>The same filters over another record type with properties of these names (search hits).</summary>
    public static ChunkFilter Parse<TRecord>(Expression<Func<TRecord, bool>>? filter)
    {
        if (filter is null)
        {
            return None;
        }

        var equalities = new List<(string, Guid)>();
        Collect(filter.Body, filter.Parameters[0], equalities);
        return new ChunkFilter(equalities);
    }

    public bool Matches(ChunkVectorRecord record) => Equalities.All(e => e.Value == e.Field switch
    {
        nameof(ChunkVectorRecord.TenantId) => record.TenantId,
        nameof(ChunkVectorRecord.CollectionId) => record.CollectionId,
        _ => record.DocumentId,
    });

    private static void Collect(Expression node, ParameterExpression record, List<(string, Guid)> into)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
                Collect(and.Left, record, into);
                Collect(and.Right, record, into);
                return;
            case BinaryExpression { NodeType: ExpressionType.Equal } equal when Field(equal.Left, record) is { } left:
                into.Add((left, Value(equal.Right, record)));
                return;
            case BinaryExpression { NodeType: ExpressionType.Equal } equal when Field(equal.Right, record) is { } right:
                into.Add((right, Value(equal.Left, record)));
                return;
            default:
                throw new NotSupportedException(
                    $"Chunk collections filter only on equality of {string.Join(", ", Fields)} joined by &&; not on '{node}'.");
        }
    }

    private static string? Field(Expression node, ParameterExpression record) =>
        node is MemberExpression { Expression: var target, Member.Name: var name } && target == record && Fields.Contains(name) ? name : null;

    private static Guid Value(Expression node, ParameterExpression record)
    {
        if (References(node, record))
        {
            throw new NotSupportedException($"Chunk filters compare an id with a value, not with another field: '{node}'.");
        }

        // A constant or a captured variable: evaluated once here (interpreted, no code generated), never per record.
        var value = node is ConstantExpression constant ? constant.Value : Expression.Lambda(node).Compile(preferInterpretation: true).DynamicInvoke();
        return value is Guid id ? id : throw new NotSupportedException($"Chunk filters compare ids with Guid values; '{node}' is {value?.GetType().Name ?? "null"}.");
    }

    private static bool References(Expression node, ParameterExpression record)
    {
        var finder = new ParameterFinder(record);
        finder.Visit(node);
        return finder.Found;
    }

    private sealed class ParameterFinder(ParameterExpression record) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= node == record;
            return node;
        }
    }
}
