using System.Runtime.Versioning;

// The demo fleet runs local processes with Unix file modes and signals.
[assembly: SupportedOSPlatform("linux")]
