namespace App.Jobs;

/// <summary>Lets Api answer 404 (not the caller's, or no such job) apart from 409 (already finished).</summary>
public enum CancelOutcome
{
    Canceled,
    NotFound,
    AlreadyFinished,
}
