using System.Runtime.Versioning;

// The host under test runs local processes (its demo fleet) with Unix file modes and signals.
[assembly: SupportedOSPlatform("linux")]
