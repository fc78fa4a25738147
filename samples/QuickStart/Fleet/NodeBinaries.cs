using System.Text;

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
        return Encoding.UTF8.GetBytes($"""
            #!/bin/sh
            # sample node {version}
            exec "{dotnet}" "{program}" node --version {version} "$@"

            """);
    }
}
