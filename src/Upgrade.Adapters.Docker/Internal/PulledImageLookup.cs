namespace Upgrade.Adapters.Docker.Internal;

/// <summary>What the store knows about one reference.</summary>
internal sealed record PulledImageLookup
{
    public static readonly PulledImageLookup NotRecorded = new();

    public static readonly PulledImageLookup Recorded = new() { IsRecorded = true };

    /// <summary>Gets a value indicating whether a valid record names the reference.</summary>
    public bool IsRecorded { get; private init; }

    /// <summary>Gets the path of an invalid record file, or <see langword="null"/>.</summary>
    public string? InvalidPath { get; private init; }

    /// <summary>Gets why the record file is invalid, or <see langword="null"/>.</summary>
    public string? Problem { get; private init; }

    public static PulledImageLookup Invalid(string path, string problem) => new() { InvalidPath = path, Problem = problem };
}
