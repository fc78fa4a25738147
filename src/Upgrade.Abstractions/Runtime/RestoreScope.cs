namespace Upgrade;

/// <summary>Which parts of a backup <see cref="IRuntimeAdapter.RestoreStateAsync"/> restores.</summary>
[Flags]
public enum RestoreScope
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The installed artifact (binary or container).</summary>
    Artifact = 1,

    /// <summary>The configuration files.</summary>
    Configs = 2,

    /// <summary>Everything the backup holds.</summary>
    All = Artifact | Configs,
}
