using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("linux")]

// The tests start real processes and wait for settle times: one at a time keeps them independent of the machine's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
