using System.Runtime.Versioning;

// The matrix kills real processes with SIGKILL and drives systemd and Docker: Linux only.
[assembly: SupportedOSPlatform("linux")]
