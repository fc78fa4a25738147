using System.Runtime.Versioning;

// The sample fleet runs local processes with Unix file modes and signals.
[assembly: SupportedOSPlatform("linux")]
