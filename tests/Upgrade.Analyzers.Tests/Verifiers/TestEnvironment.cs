using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Upgrade;

namespace Upgrade.Analyzers.Tests.Verifiers;

/// <summary>What every analyzer test compiles against: .NET 10 and the Upgrade contracts.</summary>
internal static class TestEnvironment
{
    /// <summary>The usings every test source starts with, as a project with implicit usings would have.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Upgrade;

        """;

    public static ReferenceAssemblies Net10 { get; } = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.14"),
        Path.Combine("ref", "net10.0"));

    public static MetadataReference Abstractions { get; } =
        MetadataReference.CreateFromFile(typeof(IUpgradeAction).Assembly.Location);

    public static void Configure(SolutionState state)
    {
        state.AdditionalReferences.Add(Abstractions);
    }
}
