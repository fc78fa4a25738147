using System.Runtime.Versioning;

// The node side uses the process runtime sample (Linux) and real symbolic links and Unix file modes.
[assembly: SupportedOSPlatform("linux")]
