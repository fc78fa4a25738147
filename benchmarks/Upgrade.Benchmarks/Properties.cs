using System.Runtime.Versioning;

// The benchmarks drive systemd, Unix file modes and /proc.
[assembly: SupportedOSPlatform("linux")]
