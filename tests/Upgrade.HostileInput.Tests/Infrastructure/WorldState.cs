namespace Upgrade.HostileInput.Tests;

/// <summary>The state of a <see cref="HostileWorld"/>: store rows, every file's SHA-256 and mode, and the runtime adapter's calls (all, and mutating).</summary>
public sealed record WorldState(string StoreRows, string Files, int RuntimeCalls, int MutatingCalls);
