using System.Text.Json;
using Upgrade.Internal;

namespace Upgrade.Transport.Grpc;

/// <summary>
/// The upgrades an agent received and has not seen acknowledged: one file per upgrade id, written before the upgrade
/// starts. After a crash the agent resumes what is listed here and re-announces it to the control plane.
/// </summary>
internal sealed class AgentJournal
{
    private const string Extension = ".json";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory;

    public AgentJournal(string stateDirectory)
    {
        _directory = Path.Combine(stateDirectory, "received");
    }

    public async Task RecordAsync(UpgradePayload payload, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);

        // Config contents may hold secrets: the file is readable by the agent's user only.
        var json = JsonSerializer.SerializeToUtf8Bytes(payload);
        await AtomicFile.WriteAllBytesAsync(PathOf(payload.UpgradeId), json, OwnerOnly, cancellationToken).ConfigureAwait(false);
    }

    public void Remove(string upgradeId)
    {
        if (UpgradeIds.IsValid(upgradeId))
        {
            AtomicFile.Delete(PathOf(upgradeId));
        }
    }

    public async Task<IReadOnlyList<UpgradePayload>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_directory))
        {
            return [];
        }

        var payloads = new List<UpgradePayload>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (!UpgradeIds.IsValid(Path.GetFileNameWithoutExtension(file)))
            {
                continue;
            }

            var stream = File.OpenRead(file);
            await using (stream.ConfigureAwait(false))
            {
                if (await JsonSerializer.DeserializeAsync<UpgradePayload>(stream, cancellationToken: cancellationToken).ConfigureAwait(false) is { } payload)
                {
                    payloads.Add(payload);
                }
            }
        }

        return payloads;
    }

    private string PathOf(string upgradeId) => Path.Combine(_directory, upgradeId + Extension);
}
