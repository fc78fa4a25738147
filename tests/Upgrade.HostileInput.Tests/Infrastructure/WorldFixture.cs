namespace Upgrade.HostileInput.Tests;

/// <summary>
/// One <see cref="HostileWorld"/> for all the cases of a class: each case compares the state before and after itself,
/// so sharing the world costs no isolation, and a case that wrongly changed something fails on its own.
/// </summary>
public sealed class WorldFixture : IAsyncLifetime
{
    private HostileWorld? _world;

    public HostileWorld World => _world ?? throw new InvalidOperationException("The world is not created yet.");

    public async Task InitializeAsync() => _world = await HostileWorld.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
