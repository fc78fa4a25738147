using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("linux")]

// The real-system tests share one systemd; they create their own units but run one at a time to keep timings sane on
// small machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
