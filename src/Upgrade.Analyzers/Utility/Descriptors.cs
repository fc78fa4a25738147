using Microsoft.CodeAnalysis;

namespace Upgrade.Analyzers;

/// <summary>The catalog of every diagnostic the Upgrade analyzers report.</summary>
internal static class Descriptors
{
    private const string Category = "UpgradeActions";
    private const string HelpLinkBase = "https://github.com/upgrade-sdk/upgrade-sdk/blob/main/docs/analyzers/";

    public static readonly DiagnosticDescriptor UPG001_ActionNameMustBeConstantSnakeCase = Create(
        "UPG001",
        "Action names must be constant snake_case strings",
        "The Name of action '{0}' must return a constant snake_case string such as \"install_artifact\"{1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UPG002_ActionTimeoutMustBeConstantPositive = Create(
        "UPG002",
        "Action timeouts must be constant, positive durations",
        "The Timeout of action '{0}' must return a constant, positive duration such as TimeSpan.FromSeconds(30){1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UPG003_CompensationMustUndoTheAction = Create(
        "UPG003",
        "Actions must compensate or declare [NoCompensation]",
        "CompensateAsync of action '{0}' {1}: undo the action's effect, or mark the class with [NoCompensation(\"reason\")] when there is nothing to undo",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UPG004_IsAlreadyDoneMustOnlyObserve = Create(
        "UPG004",
        "IsAlreadyDoneAsync must only observe",
        "IsAlreadyDoneAsync of action '{0}' calls the mutating runtime member '{1}': use a query member such as IsArtifactInstalledAsync or GetStatusAsync instead",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UPG005_PassTheCancellationToken = Create(
        "UPG005",
        "Actions must pass on their cancellation token",
        "{0}: pass on the CancellationToken that the action method received",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UPG006_DoNotBlockInActions = Create(
        "UPG006",
        "Actions must not block on asynchronous work",
        "'{0}' blocks a thread inside action '{1}': await the task instead, or use Task.Delay with the injected TimeProvider to wait",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UPG007_ActionsMustBeStateless = Create(
        "UPG007",
        "Actions must hold no mutable instance state",
        "Action '{0}' holds mutable state in '{1}': make it readonly (or get-only), and keep per-upgrade state in the node and in ActionParams",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UPG008_DoNotReadTheWallClock = Create(
        "UPG008",
        "Actions must not read the wall clock",
        "'{0}' reads the clock directly inside action '{1}': use the injected TimeProvider (GetUtcNow, GetTimestamp, GetElapsedTime)",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UPG009_ActionNameMustBeUnique = Create(
        "UPG009",
        "Action names must be unique",
        "The name \"{0}\" of action '{1}' is also used by {2}: give every action its own name",
        DiagnosticSeverity.Error,
        WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        DiagnosticSeverity defaultSeverity,
        params string[] customTags) =>
        new(
            id,
            title,
            messageFormat,
            Category,
            defaultSeverity,
            isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: customTags);
}
