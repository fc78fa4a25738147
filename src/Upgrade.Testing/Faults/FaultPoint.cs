namespace Upgrade.Testing;

/// <summary>Where, around an action's side effect, a fault strikes.</summary>
public enum FaultPoint
{
    /// <summary>Before the action does anything.</summary>
    BeforeExecute,

    /// <summary>After the action's side effect, before the executor records it as completed.</summary>
    AfterExecute,

    /// <summary>When the action is compensated, before the compensation does anything.</summary>
    BeforeCompensate,

    /// <summary>After the compensation's side effect, before the executor records it.</summary>
    AfterCompensate,
}
