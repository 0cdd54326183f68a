namespace App.AppHost.Resources;

public enum ResourceState
{
    /// <summary>Waiting for the resources it waits for to become ready.</summary>
    Waiting,

    /// <summary>Process launched; its /health has not answered yet.</summary>
    Starting,

    /// <summary>Provisioned resource without a process or health check of its own.</summary>
    Running,

    Healthy,

    /// <summary>/health answered with an error, or stopped answering after it had answered.</summary>
    Unhealthy,

    /// <summary>The process exited unexpectedly and waits out its backoff before it starts again.</summary>
    Restarting,

    /// <summary>The process ended by itself while the AppHost was shutting down.</summary>
    Exited,

    /// <summary>The AppHost stopped it.</summary>
    Stopped,
}
