namespace Upgrade.Orchestration;

/// <summary>Defaults of <see cref="UpgradeOrchestrationOptions"/>.</summary>
internal static class OrchestrationConstants
{
    public const long DefaultMaxManifestBytes = 1024 * 1024;
    public const int DefaultUpgradeRetries = 3;
    public const int DefaultCrashLoopRestarts = 3;
    public const string DefaultDatabasePath = "upgrade-orchestration.db";
    public static readonly TimeSpan DefaultUpgradeTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultUpgradeRetryDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultHealthPollInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan DefaultWorkerPollInterval = TimeSpan.FromSeconds(5);
}
