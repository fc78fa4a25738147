using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Upgrade.Samples.ControlPlane.Storage;

/// <summary>Ready when the SQLite file answers.</summary>
internal sealed class DatabaseHealthCheck(ControlPlaneDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Microsoft.Data.Sqlite.SqliteException exception)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
