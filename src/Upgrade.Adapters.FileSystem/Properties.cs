using System.Runtime.Versioning;

// POSIX file modes and the directory fsync of atomic writes (through Linux's open flags) exist only on Linux.
[assembly: SupportedOSPlatform("linux")]
