using Upgrade.Samples.ControlPlane;

// The control plane: the rollout API over Upgrade.Orchestration, with API-key and JWT authentication, audit,
// idempotent creates, Prometheus metrics and a live dashboard. README.md shows how to call it.
var app = ControlPlaneApp.Build(args);
await app.RunAsync();
