using Microsoft.CodeAnalysis;

namespace Upgrade.Analyzers;

/// <summary>
/// The symbols of the Upgrade contracts and of the BCL types the rules look at, resolved once per compilation.
/// </summary>
internal sealed class UpgradeSymbols
{
    public const string NameMember = "Name";
    public const string TimeoutMember = "Timeout";
    public const string ExecuteMember = "ExecuteAsync";
    public const string IsAlreadyDoneMember = "IsAlreadyDoneAsync";
    public const string CompensateMember = "CompensateAsync";

    private UpgradeSymbols(Compilation compilation, INamedTypeSymbol upgradeAction)
    {
        UpgradeAction = upgradeAction;
        RuntimeAdapter = compilation.GetTypeByMetadataName("Upgrade.IRuntimeAdapter");
        NoCompensationAttribute = compilation.GetTypeByMetadataName("Upgrade.NoCompensationAttribute");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        NotImplementedException = compilation.GetTypeByMetadataName("System.NotImplementedException");
    }

    public INamedTypeSymbol UpgradeAction { get; }

    public INamedTypeSymbol? RuntimeAdapter { get; }

    public INamedTypeSymbol? NoCompensationAttribute { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? NotImplementedException { get; }

    /// <summary>Resolves the symbols, or returns <see langword="null"/> when the compilation has no IUpgradeAction.</summary>
    public static UpgradeSymbols? TryCreate(Compilation compilation)
    {
        var upgradeAction = compilation.GetTypeByMetadataName("Upgrade.IUpgradeAction");
        return upgradeAction is null ? null : new UpgradeSymbols(compilation, upgradeAction);
    }

    /// <summary>Tells whether <paramref name="type"/> is a class or struct that implements IUpgradeAction.</summary>
    public bool IsAction(INamedTypeSymbol? type) =>
        type is { TypeKind: TypeKind.Class or TypeKind.Struct }
        && type.AllInterfaces.Contains(UpgradeAction, SymbolEqualityComparer.Default);

    /// <summary>Returns the action type whose code <paramref name="symbol"/> belongs to, if any.</summary>
    public INamedTypeSymbol? GetContainingAction(ISymbol? symbol)
    {
        while (symbol is not null and not INamedTypeSymbol)
        {
            symbol = symbol.ContainingSymbol;
        }

        var type = symbol as INamedTypeSymbol;
        return IsAction(type) ? type : null;
    }

    /// <summary>
    /// Tells whether <paramref name="member"/> is its containing action's implementation of the IUpgradeAction member
    /// named <paramref name="interfaceMemberName"/>, directly, explicitly, or by overriding the implementing member.
    /// </summary>
    public bool ImplementsActionMember(ISymbol? member, string interfaceMemberName)
    {
        if (member?.ContainingType is not { } type || !IsAction(type))
        {
            return false;
        }

        foreach (var interfaceMember in UpgradeAction.GetMembers(interfaceMemberName))
        {
            var implementation = type.FindImplementationForInterfaceMember(interfaceMember);
            if (implementation is null)
            {
                continue;
            }

            for (var current = member; current is not null; current = GetOverriddenMember(current))
            {
                if (SymbolEqualityComparer.Default.Equals(current, implementation))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Tells whether <paramref name="type"/> is <see cref="CancellationToken"/>.</summary>
    public bool IsCancellationToken(ITypeSymbol? type) =>
        CancellationToken is not null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);

    private static ISymbol? GetOverriddenMember(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
