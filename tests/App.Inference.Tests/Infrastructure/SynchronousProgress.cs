namespace App.Inference.Tests.Infrastructure;

/// <summary>Progress&lt;T&gt; posts to the thread pool and can reorder reports; tests need them in order, now.</summary>
public sealed class SynchronousProgress(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
