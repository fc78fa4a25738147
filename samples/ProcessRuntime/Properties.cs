using System.Runtime.Versioning;

// The adapter reads /proc and sends POSIX signals: Linux only, like the file-system base it derives from.
[assembly: SupportedOSPlatform("linux")]
