namespace Upgrade.Samples.ControlPlane.Api;

/// <summary>Endpoint metadata: the audited name of a mutating endpoint, e.g. <c>rollout.pause</c>.</summary>
internal sealed record AuditAction(string Name, string TargetKind);
