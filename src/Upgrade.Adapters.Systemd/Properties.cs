using System.Runtime.Versioning;

// systemd, unit files and POSIX file modes exist only on Linux.
[assembly: SupportedOSPlatform("linux")]
