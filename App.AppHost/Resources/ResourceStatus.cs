namespace App.AppHost.Resources;

/// <summary>
/// The live state of one resource. Supervisors write it, the status page and <c>WaitFor</c> read it; every change
/// completes a signal so that waiters react at once instead of polling.
/// </summary>
public sealed class ResourceStatus
{
    private readonly Lock _gate = new();
    private StatusSnapshot _current = new(ResourceState.Waiting, HealthState.Unknown, null, 0, null);
    private TaskCompletionSource _changed = NewSignal();

    public StatusSnapshot Snapshot()
    {
        lock (_gate)
        {
            return _current;
        }
    }

    public async Task WaitUntilAsync(Func<StatusSnapshot, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (predicate(_current))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public void Provisioned() => Change(s => s with { State = ResourceState.Running });

    public void Waiting() => Change(s => s with { State = ResourceState.Waiting, Health = HealthState.Unknown });

    public void Started(int pid, bool isRestart) => Change(s => s with
    {
        State = ResourceState.Starting,
        Health = HealthState.Unknown,
        Pid = pid,
        RestartCount = isRestart ? s.RestartCount + 1 : s.RestartCount,
    });

    public void Observed(ProbeResult result) => Change(s => s.State is ResourceState.Starting or ResourceState.Healthy or ResourceState.Unhealthy
        ? result switch
        {
            ProbeResult.Healthy => s with { State = ResourceState.Healthy, Health = HealthState.Healthy },
            ProbeResult.Unhealthy => s with { State = ResourceState.Unhealthy, Health = HealthState.Unhealthy },
            _ when s.State == ResourceState.Starting => s,
            _ => s with { State = ResourceState.Unhealthy, Health = HealthState.Unhealthy },
        }
        : s);

    public void Restarting(int exitCode) => Ended(ResourceState.Restarting, exitCode);

    public void Exited(int? exitCode) => Ended(ResourceState.Exited, exitCode);

    public void Stopped(int? exitCode) => Ended(ResourceState.Stopped, exitCode);

    private void Ended(ResourceState state, int? exitCode) =>
        Change(s => s with { State = state, Health = HealthState.Unknown, Pid = null, ExitCode = exitCode ?? s.ExitCode });

    private void Change(Func<StatusSnapshot, StatusSnapshot> update)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            var next = update(_current);
            if (next == _current)
            {
                return;
            }

            _current = next;
            changed = _changed;
            _changed = NewSignal();
        }

        changed.SetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
