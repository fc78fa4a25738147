using System.Runtime.Versioning;

// The agent hosts Linux-only runtimes (systemd, local processes) and installs as a systemd service.
[assembly: SupportedOSPlatform("linux")]
