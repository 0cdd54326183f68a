using App.Jobs.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace App.Jobs.Signals;

/// <summary>
/// NOTIFY inside the enqueuing transaction (PostgreSQL delivers it on commit, never for a rolled-back job), NOTIFY with
/// the job id after a job's new events committed, and LISTEN on both channels on one dedicated, unpooled connection per
/// process, reconnecting when it drops.
/// </summary>
public sealed class PostgresJobSignal : JobSignal
{
    public const string Channel = "app_jobs";
    public const string ChangesChannel = "app_job_changes";
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly string _connectionString;
    private readonly ILogger<PostgresJobSignal> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _startLock = new();
    private Task? _loop;

    public PostgresJobSignal(string connectionString, ILogger<PostgresJobSignal> logger)
    {
        // LISTEN is connection state: a pooled connection would carry it back into the pool.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        _logger = logger;
    }

    public override async Task PublishAsync(JobsDbContext db, string kind, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {kind})", cancellationToken);

    public override async Task PublishJobChangedAsync(JobsDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        NotifyJobChanged(jobId);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({ChangesChannel}, {jobId.ToString("D")})", cancellationToken);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_startLock)
        {
            _loop ??= Task.Run(() => ListenLoopAsync(_stopping.Token), CancellationToken.None);
        }

        return _listening.Task.WaitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stopping.Dispose();
        await base.DisposeAsync();
    }

    private async Task ListenLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == ChangesChannel)
                    {
                        if (Guid.TryParse(e.Payload, out var jobId))
                        {
                            NotifyJobChanged(jobId);
                        }
                    }
                    else
                    {
                        Signal();
                    }
                };
                await connection.OpenAsync(stopping);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}; LISTEN {ChangesChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }

                if (!_listening.TrySetResult())
                {
                    // Reconnected: notifications sent while disconnected are gone, so let waiters and followers look once.
                    Signal();
                    NotifyAllJobsChanged();
                }

                while (true)
                {
                    await connection.WaitAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                _logger.LogWarning(e, "Job signal listener lost its connection; reconnecting");
                try
                {
                    await Task.Delay(ReconnectDelay, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
