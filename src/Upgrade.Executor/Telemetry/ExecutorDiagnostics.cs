using System.Diagnostics;

namespace Upgrade.Executor;

/// <summary>Names and the activity source of the executor's telemetry.</summary>
internal static class ExecutorDiagnostics
{
    public const string Name = "Upgrade.Executor";

    public const string ActionNameTag = "upgrade.action.name";
    public const string OutcomeTag = "upgrade.outcome";
    public const string ErrorTypeTag = "error.type";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(ExecutorDiagnostics).Assembly.GetName().Version?.ToString());
}
