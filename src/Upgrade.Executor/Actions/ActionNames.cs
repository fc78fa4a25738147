namespace Upgrade.Executor;

/// <summary>The names of the eight built-in actions, in the order they run.</summary>
public static class ActionNames
{
    /// <summary>Saves the current binary and configs.</summary>
    public const string BackupState = "backup_state";

    /// <summary>Downloads or pulls the new artifact.</summary>
    public const string AcquireArtifact = "acquire_artifact";

    /// <summary>Checks the acquired artifact's checksum.</summary>
    public const string VerifyArtifact = "verify_artifact";

    /// <summary>Stops the service.</summary>
    public const string StopNode = "stop_node";

    /// <summary>Puts the new artifact in place.</summary>
    public const string InstallArtifact = "install_artifact";

    /// <summary>Writes the new configuration files.</summary>
    public const string WriteConfigs = "write_configs";

    /// <summary>Makes the runtime reload service definitions.</summary>
    public const string ReloadDaemon = "reload_daemon";

    /// <summary>Starts the service on the new version.</summary>
    public const string StartNode = "start_node";
}
