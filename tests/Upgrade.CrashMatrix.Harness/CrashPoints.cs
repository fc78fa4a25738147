namespace Upgrade.CrashMatrix;

/// <summary>
/// The names of the points where the agent test host can be made to block, so that the harness kills it there.
/// </summary>
/// <remarks>
/// Forward, for each action: <c>before:A</c> (its in-progress checkpoint is saved, nothing of it ran), <c>inside:A</c>
/// (in the action, before its first call to the runtime), <c>mid:A</c> (its first mutating runtime call is in flight),
/// <c>after:A</c> (its side effect is done, its completion is not checkpointed), <c>checkpointed:A</c> (its
/// completion is checkpointed; for the last action, the outcome is recorded). Compensation, for each compensated
/// action: <c>comp-before:A</c>, <c>comp-mid:A</c>, <c>comp-after:A</c> (undone, not yet checkpointed). The host also
/// has <c>cleanup</c> (the upgrade succeeded; the runtime's leftovers, such as a <c>.bak</c> container, are not yet
/// removed). <c>stall:acquire_artifact</c> is served by the harness: the artifact server stalls half-way through the body.
/// </remarks>
public static class CrashPoints
{
    public const string Before = "before";
    public const string Inside = "inside";
    public const string Mid = "mid";
    public const string After = "after";
    public const string Checkpointed = "checkpointed";
    public const string CompensationBefore = "comp-before";
    public const string CompensationMid = "comp-mid";
    public const string CompensationAfter = "comp-after";
    public const string Cleanup = "cleanup";
    public const string Stall = "stall";

    /// <summary>The eight built-in actions, in order (the same names as Upgrade.Executor's ActionNames).</summary>
    public static readonly IReadOnlyList<string> Actions =
    [
        "backup_state", "acquire_artifact", "verify_artifact", "stop_node", "install_artifact", "write_configs", "reload_daemon", "start_node",
    ];

    /// <summary>Actions that change nothing on the node when they run, so they have no mid-effect point.</summary>
    public static readonly IReadOnlySet<string> ReadOnlyActions = new HashSet<string>(["verify_artifact"], StringComparer.Ordinal);

    /// <summary>Actions whose compensation changes nothing.</summary>
    public static readonly IReadOnlySet<string> NoCompensation = new HashSet<string>(["backup_state", "verify_artifact"], StringComparer.Ordinal);

    public static string Of(string kind, string action) => kind + ":" + action;

    /// <summary>Every forward point, in the order an uninterrupted upgrade reaches them.</summary>
    public static IReadOnlyList<string> Forward(bool withStall, bool withCleanup)
    {
        var points = new List<string>();
        foreach (var action in Actions)
        {
            points.Add(Of(Before, action));
            points.Add(Of(Inside, action));
            if (!ReadOnlyActions.Contains(action))
            {
                points.Add(Of(Mid, action));
            }

            if (withStall && action == "acquire_artifact")
            {
                points.Add(Of(Stall, action));
            }

            points.Add(Of(After, action));
            points.Add(Of(Checkpointed, action));
        }

        if (withCleanup)
        {
            points.Add(Cleanup);
        }

        return points;
    }

    /// <summary>The points of a compensation after a failure of <paramref name="failedAction"/>, in the order it reaches them.</summary>
    public static IReadOnlyList<string> Compensation(string failedAction)
    {
        var points = new List<string>();
        for (var i = IndexOf(failedAction); i >= 0; i--)
        {
            var action = Actions[i];
            points.Add(Of(CompensationBefore, action));
            if (!NoCompensation.Contains(action))
            {
                points.Add(Of(CompensationMid, action));
            }

            points.Add(Of(CompensationAfter, action));
        }

        return points;
    }

    /// <summary>The forward points reached before a failure injected at the start of <paramref name="failedAction"/>.</summary>
    public static IReadOnlyList<string> ForwardUntil(string failedAction, bool withStall)
        => [.. Forward(withStall, withCleanup: false).TakeWhile(p => p != Of(Inside, failedAction))];

    public static int IndexOf(string action)
    {
        for (var i = 0; i < Actions.Count; i++)
        {
            if (Actions[i] == action)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown action '{action}'.", nameof(action));
    }
}
