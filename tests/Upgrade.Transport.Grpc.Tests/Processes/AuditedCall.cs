namespace Upgrade.Transport.Grpc.Tests;

/// <summary>One mutating runtime call from a node agent's audit file.</summary>
/// <param name="Call">The call: stop, start, install, write_config, reload, restore.</param>
/// <param name="Target">The file or scope the call acted on, when it has one.</param>
/// <param name="Pid">The agent process that made the call.</param>
/// <param name="Completed">False when the agent was killed inside the call: its side effect may or may not have happened.</param>
public sealed record AuditedCall(string Call, string? Target, int Pid, bool Completed);
