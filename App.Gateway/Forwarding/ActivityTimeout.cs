namespace App.Gateway.Forwarding;

/// <summary>
/// YARP's activity timeout: one token for a whole forwarded exchange, cancelled when the client goes away or when
/// nothing has moved for <c>timeout</c>. Every completed read or write calls <see cref="Reset"/>.
/// </summary>
public sealed class ActivityTimeout : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _clientAborted;
    private readonly CancellationTokenSource _source;

    public ActivityTimeout(TimeSpan timeout, CancellationToken clientAborted)
    {
        _timeout = timeout;
        _clientAborted = clientAborted;
        _source = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        _source.CancelAfter(timeout);
    }

    public CancellationToken Token => _source.Token;

    public bool ClientAborted => _clientAborted.IsCancellationRequested;

    public bool TimedOut => _source.IsCancellationRequested && !_clientAborted.IsCancellationRequested;

    public void Reset() => _source.CancelAfter(_timeout);

    public void Dispose() => _source.Dispose();
}
