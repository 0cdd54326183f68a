namespace App.AppHost.Resources;

public sealed record StatusSnapshot(ResourceState State, HealthState Health, int? Pid, int RestartCount, int? ExitCode)
{
    /// <summary>What <c>WaitFor</c> waits for: a healthy service or a provisioned resource.</summary>
    public bool IsReady => State is ResourceState.Healthy or ResourceState.Running;
}
