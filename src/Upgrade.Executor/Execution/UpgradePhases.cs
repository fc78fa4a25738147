namespace Upgrade.Executor;

/// <summary>Derives the upgrade phase from the running action, as the seed's phase table says.</summary>
public static class UpgradePhases
{
    /// <summary>Returns the phase of an action.</summary>
    /// <param name="actionName">The action's name.</param>
    /// <param name="previous">The phase of the action before it, used for actions the table does not name.</param>
    /// <returns>The phase the node is in while the action runs.</returns>
    public static UpgradePhase ForAction(string actionName, UpgradePhase previous) => actionName switch
    {
        ActionNames.BackupState or ActionNames.AcquireArtifact or ActionNames.VerifyArtifact => UpgradePhase.Preparing,
        ActionNames.StopNode => UpgradePhase.Stopped,
        ActionNames.InstallArtifact or ActionNames.WriteConfigs or ActionNames.ReloadDaemon => UpgradePhase.Mutating,
        ActionNames.StartNode => UpgradePhase.Starting,
        _ => previous,
    };
}
