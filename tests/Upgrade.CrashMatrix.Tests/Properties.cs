using System.Runtime.Versioning;

// The matrix kills real processes with SIGKILL: Linux only.
[assembly: SupportedOSPlatform("linux")]
