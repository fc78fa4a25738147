namespace Upgrade.Executor;

internal static class ExecutorConstants
{
    public static readonly TimeSpan DefaultCheckpointTtl = TimeSpan.FromMinutes(10);

    public const string UpgradeBudgetName = "upgrade";
}
