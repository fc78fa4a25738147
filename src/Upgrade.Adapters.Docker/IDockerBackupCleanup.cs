namespace Upgrade.Adapters.Docker;

/// <summary>
/// Removes the backup container (<c>{name}.bak</c>) that an upgrade leaves behind as its rollback path, once the host has
/// accepted the upgrade (after its health gate), so that a fleet never accumulates orphaned containers.
/// </summary>
public interface IDockerBackupCleanup
{
    /// <summary>
    /// Removes the stopped backup container of the managed container. It refuses while the managed container itself is
    /// missing (the backup would be the only copy) or while the backup container runs.
    /// </summary>
    /// <remarks>
    /// It also marks the upgrade as final for the image: the record that the upgrade pulled the image the managed
    /// container now runs is cleared, so a later compensation of another upgrade never removes it. It is safe to call
    /// again, also when there is no backup container.
    /// </remarks>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns><see langword="true"/> when a backup container was removed; <see langword="false"/> when there was none.</returns>
    /// <exception cref="RuntimeOperationException">The removal is refused, or the engine failed.</exception>
    Task<bool> RemoveBackupContainerAsync(CancellationToken cancellationToken = default);
}
