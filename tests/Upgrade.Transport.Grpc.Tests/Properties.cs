using System.Runtime.Versioning;

// The process tests start real agent processes and nodes: one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Agents and nodes are Linux processes (process runtime, /proc).
[assembly: SupportedOSPlatform("linux")]
