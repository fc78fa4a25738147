using System.Text;
using QuickStart.Node;

namespace QuickStart.Fleet;

/// <summary>
/// The two "binaries" of the sample node: launcher scripts that run the sample node program at a version. Their
/// content differs, so their SHA-256 checksums differ, exactly like two builds of a real binary.
/// </summary>
internal static class NodeBinaries
{
    public const string V1 = "v1";
    public const string V2 = "v2";

    public static byte[] Build(string version)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var program = typeof(NodeBinaries).Assembly.Location;

        // A node told to fail on this version exits in the launcher, before the runtime starts: at once, as a binary
        // that cannot start does. Exiting from the program instead comes after a runtime start that a loaded machine
        // stretches past the settle time, and the failed start would then look like a crash after a good one.
        return Encoding.UTF8.GetBytes($"""
            #!/bin/sh
            # sample node {version}
            if [ "${SampleNode.CrashOnVersionVariable}" = "{version}" ]; then
              echo "sample node {version}: cannot read the node's state, exiting" >&2
              exit 3
            fi
            exec "{dotnet}" "{program}" node --version {version} "$@"

            """);
    }
}
