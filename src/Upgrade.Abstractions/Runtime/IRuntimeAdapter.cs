namespace Upgrade;

/// <summary>
/// How one runtime (systemd, Docker, or your own) performs the steps of an upgrade for one managed service.
/// </summary>
/// <remarks>
/// <para>
/// The executor calls an adapter from one upgrade at a time. Every mutating member must be safe to call again after a
/// crash at any instant, and every query member must only observe. Adding a runtime means implementing this interface
/// and registering it under a runtime type; actions, the executor and the control plane stay unchanged.
/// </para>
/// <para>The conformance suite in Upgrade.Testing checks an implementation against a real instance of its runtime.</para>
/// </remarks>
public interface IRuntimeAdapter
{
    /// <summary>Gets the name of the managed service: a unit name, a container name.</summary>
    string ServiceName { get; }

    /// <summary>Starts the service and waits until it runs.</summary>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>A task that completes when the service runs.</returns>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the service and waits until it no longer runs.</summary>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>A task that completes when the service is stopped.</returns>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Restarts the service and waits until it runs.</summary>
    /// <param name="cancellationToken">Bounds the wait.</param>
    /// <returns>A task that completes when the service runs again.</returns>
    Task RestartAsync(CancellationToken cancellationToken);

    /// <summary>Reads the current state of the service.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The status of the service.</returns>
    Task<RuntimeStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Describes where this adapter keeps the artifact acquired for <paramref name="artifact"/>. It performs no I/O, so
    /// an action that runs after a restart finds the artifact an earlier process acquired.
    /// </summary>
    /// <param name="artifact">The artifact reference.</param>
    /// <param name="target">The install target the artifact is meant for.</param>
    /// <returns>The handle of the acquired artifact.</returns>
    ArtifactHandle GetArtifactHandle(ArtifactReference artifact, string target);

    /// <summary>
    /// Fetches the artifact next to its install target (so that installing it is atomic) and verifies its checksum.
    /// A partial or mismatching artifact is removed, never left behind.
    /// </summary>
    /// <param name="artifact">The artifact reference.</param>
    /// <param name="target">The install target the artifact is meant for.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    /// <returns>The handle of the acquired artifact.</returns>
    Task<ArtifactHandle> AcquireArtifactAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken);

    /// <summary>Tells whether the artifact has been acquired and its checksum matches.</summary>
    /// <param name="artifact">The artifact reference.</param>
    /// <param name="target">The install target the artifact is meant for.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the acquired artifact is present and intact.</returns>
    Task<bool> IsArtifactAcquiredAsync(ArtifactReference artifact, string target, CancellationToken cancellationToken);

    /// <summary>Verifies that an acquired artifact has the expected checksum.</summary>
    /// <param name="handle">The acquired artifact.</param>
    /// <param name="checksum">The expected checksum (<c>sha256:&lt;hex&gt;</c>).</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>A task that completes when the artifact is verified.</returns>
    /// <exception cref="ArtifactVerificationException">The artifact is missing or its checksum differs.</exception>
    Task VerifyArtifactAsync(ArtifactHandle handle, string checksum, CancellationToken cancellationToken);

    /// <summary>Removes an acquired but not installed artifact. Does nothing when there is none.</summary>
    /// <param name="handle">The acquired artifact.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when no acquired copy is left.</returns>
    Task DiscardArtifactAsync(ArtifactHandle handle, CancellationToken cancellationToken);

    /// <summary>Tells whether the install target runs or holds the artifact with the given checksum.</summary>
    /// <param name="target">The install target.</param>
    /// <param name="checksum">The expected checksum.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the target carries the expected artifact.</returns>
    Task<bool> IsArtifactInstalledAsync(string target, string checksum, CancellationToken cancellationToken);

    /// <summary>Installs an acquired artifact onto its target, atomically.</summary>
    /// <param name="handle">The acquired artifact.</param>
    /// <param name="target">The install target.</param>
    /// <param name="cancellationToken">Cancels the installation.</param>
    /// <returns>A task that completes when the target carries the new artifact.</returns>
    Task InstallArtifactAsync(ArtifactHandle handle, string target, CancellationToken cancellationToken);

    /// <summary>
    /// Saves everything an upgrade may change (the installed artifact and the listed configuration files) into the
    /// backup directory, and writes its manifest last as the marker that the backup is complete.
    /// </summary>
    /// <param name="request">What to back up, and where.</param>
    /// <param name="cancellationToken">Cancels the backup.</param>
    /// <returns>A task that completes when the backup is complete and durable.</returns>
    Task BackupStateAsync(BackupRequest request, CancellationToken cancellationToken);

    /// <summary>Tells whether a complete, intact backup exists in the directory.</summary>
    /// <param name="backupDirectory">The backup directory.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the manifest is present and every file matches its checksum.</returns>
    Task<bool> IsBackedUpAsync(string backupDirectory, CancellationToken cancellationToken);

    /// <summary>
    /// Restores state from a backup after verifying it: each file's checksum must match the manifest before it is
    /// copied back, and the restored file must match after.
    /// </summary>
    /// <param name="backupDirectory">The backup directory.</param>
    /// <param name="scope">Which parts of the state to restore.</param>
    /// <param name="cancellationToken">Cancels the restore.</param>
    /// <returns>A task that completes when the state is restored.</returns>
    /// <exception cref="BackupIntegrityException">The backup is missing, incomplete or tampered with.</exception>
    Task RestoreStateAsync(string backupDirectory, RestoreScope scope, CancellationToken cancellationToken);

    /// <summary>Writes a configuration file atomically, only inside the adapter's allowed roots.</summary>
    /// <param name="path">The absolute path of the file.</param>
    /// <param name="content">The full content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is durable.</returns>
    /// <exception cref="PathNotAllowedException">The path lies outside the allowed roots.</exception>
    Task WriteConfigAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Tells whether a configuration file has the expected content.</summary>
    /// <param name="path">The absolute path of the file.</param>
    /// <param name="expectedChecksum">The expected checksum of its content.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when the file exists and matches.</returns>
    Task<bool> IsConfigWrittenAsync(string path, string expectedChecksum, CancellationToken cancellationToken);

    /// <summary>Makes the runtime pick up changed service definitions (for example <c>systemctl daemon-reload</c>).</summary>
    /// <param name="cancellationToken">Cancels the reload.</param>
    /// <returns>A task that completes when the runtime has reloaded.</returns>
    Task ReloadDaemonAsync(CancellationToken cancellationToken);
}
