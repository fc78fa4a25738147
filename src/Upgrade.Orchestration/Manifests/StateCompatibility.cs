namespace Upgrade.Orchestration;

/// <summary>The <c>state_compatibility</c> section of a manifest: the rollback tier of the upgrade.</summary>
public sealed record StateCompatibility
{
    /// <summary>Gets the migration type (<c>migration_type</c>: none, compatible or breaking).</summary>
    public MigrationType MigrationType { get; init; } = MigrationType.None;

    /// <summary>Gets free-form notes (<c>notes</c>).</summary>
    public string? Notes { get; init; }

    /// <summary>Gets what to do when a rollback leaves a node unable to read its state (<c>recovery_plan</c>).</summary>
    public string? RecoveryPlan { get; init; }
}
