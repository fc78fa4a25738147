namespace Upgrade.HostileInput.Tests;

/// <summary>The fields of an <see cref="UpgradePayload"/>, nullable so that generators can drop any of them.</summary>
public sealed record PayloadShape
{
    public string? UpgradeId { get; init; }

    public string? BinaryName { get; init; }

    public string? SourceVersion { get; init; }

    public string? TargetVersion { get; init; }

    public string? ArtifactUrl { get; init; }

    public string? ArtifactChecksum { get; init; }

    public IReadOnlyList<ConfigFile>? ConfigFiles { get; init; } = [];

    public string? RevertsUpgradeId { get; init; }

    public IReadOnlyList<string>? RevertConfigPaths { get; init; } = [];

    public MigrationType MigrationType { get; init; }

    // Null where the type says non-null on purpose: a payload that arrives as JSON can carry nulls anywhere.
    public UpgradePayload ToPayload() => new()
    {
        UpgradeId = UpgradeId!,
        BinaryName = BinaryName!,
        SourceVersion = SourceVersion,
        TargetVersion = TargetVersion!,
        ArtifactUrl = ArtifactUrl!,
        ArtifactChecksum = ArtifactChecksum!,
        ConfigFiles = ConfigFiles!,
        RevertsUpgradeId = RevertsUpgradeId,
        RevertConfigPaths = RevertConfigPaths!,
        MigrationType = MigrationType,
    };
}
