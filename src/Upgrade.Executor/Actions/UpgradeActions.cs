namespace Upgrade.Executor;

/// <summary>Builds the action sequence an agent runs for every upgrade, whatever the runtime.</summary>
public static class UpgradeActions
{
    /// <summary>Creates the eight built-in actions in their order.</summary>
    /// <returns>backup_state, acquire_artifact, verify_artifact, stop_node, install_artifact, write_configs,
    /// reload_daemon, start_node.</returns>
    public static IReadOnlyList<IUpgradeAction> CreateDefault() =>
    [
        new BackupStateAction(),
        new AcquireArtifactAction(),
        new VerifyArtifactAction(),
        new StopNodeAction(),
        new InstallArtifactAction(),
        new WriteConfigsAction(),
        new ReloadDaemonAction(),
        new StartNodeAction(),
    ];
}
