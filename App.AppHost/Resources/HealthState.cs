namespace App.AppHost.Resources;

public enum HealthState
{
    Unknown,
    Healthy,
    Unhealthy,
}
