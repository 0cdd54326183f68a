using Xunit;

namespace App.Testing;

/// <summary>A test that needs distributed mode (replicas sharing PostgreSQL); reported skipped, by name, in embedded runs.</summary>
public sealed class DistributedFactAttribute : FactAttribute
{
    public DistributedFactAttribute()
    {
        if (!AppHostFixture.Distributed)
        {
            Skip = $"Distributed mode only: run with {AppHostFixture.ModeVariable}=distributed (test.sh does).";
        }
    }
}
