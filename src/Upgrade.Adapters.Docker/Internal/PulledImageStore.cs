using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Upgrade.Internal;

namespace Upgrade.Adapters.Docker.Internal;

/// <summary>
/// The durable record of the images an upgrade pulled: one small JSON file per image reference, named after the
/// SHA-256 of the canonical reference, so that the decision to remove an image survives a restart of the process.
/// </summary>
/// <remarks>
/// A record is written (atomically, with fsync) before the pull it describes, so a crash at any instant leaves either
/// no record and no pull, or a record. A record is trusted only when its content parses and names the reference its
/// file name was derived from; anything else is reported as invalid and treated as no record, which errs on keeping
/// images. Files that do not end in <c>.json</c> (temporary files of an interrupted write, for example) are ignored.
/// </remarks>
internal sealed class PulledImageStore
{
    /// <summary>The extension of record files; everything else in the directory is ignored.</summary>
    public const string RecordExtension = ".json";

    private const UnixFileMode RecordFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly TimeProvider _timeProvider;

    public PulledImageStore(string directory, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the absolute directory the records are kept in.</summary>
    public string Directory { get; }

    /// <summary>Returns the record file name of a reference: the lower-case hex SHA-256 of its UTF-8 bytes, never the raw reference.</summary>
    public static string FileNameOf(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(reference))) + RecordExtension;
    }

    /// <summary>Returns the path of the record of <paramref name="reference"/>.</summary>
    public string PathOf(string reference) => Path.Combine(Directory, FileNameOf(reference));

    /// <summary>Durably records that the upgrade pulls (or pulled) <paramref name="reference"/>; replaces an existing record.</summary>
    public async Task RecordAsync(string reference, CancellationToken cancellationToken)
    {
        var path = PathOf(reference);
        System.IO.Directory.CreateDirectory(Directory);

        // A writer killed before its rename leaves a temporary file behind; remove it before writing again.
        AtomicFile.DeleteStaleTempFiles(path);
        var record = new PulledImageRecord { Reference = reference, RecordedAt = _timeProvider.GetUtcNow() };
        await AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(record, Json), RecordFileMode, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Reads the record of <paramref name="reference"/>.</summary>
    public async Task<PulledImageLookup> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var path = PathOf(reference);
        if (!File.Exists(path))
        {
            return PulledImageLookup.NotRecorded;
        }

        var (record, problem) = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return PulledImageLookup.Invalid(path, problem!);
        }

        return string.Equals(record.Reference, reference, StringComparison.Ordinal)
            ? PulledImageLookup.Recorded
            : PulledImageLookup.Invalid(path, $"it names the reference '{record.Reference}', not '{reference}'");
    }

    /// <summary>Lists every valid record, and the problem of every invalid one (by path).</summary>
    public async Task<(IReadOnlyList<PulledImageRecord> Records, IReadOnlyList<(string Path, string Problem)> Invalid)> ListAsync(CancellationToken cancellationToken)
    {
        var records = new List<PulledImageRecord>();
        var invalid = new List<(string Path, string Problem)>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return (records, invalid);
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + RecordExtension).Order(StringComparer.Ordinal))
        {
            // Temporary files of an interrupted write start with a dot and do not end in .json; skip hidden files anyway.
            if (Path.GetFileName(path).StartsWith('.'))
            {
                continue;
            }

            var (record, problem) = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                invalid.Add((path, problem!));
            }
            else if (!string.Equals(Path.GetFileName(path), FileNameOf(record.Reference), StringComparison.Ordinal))
            {
                invalid.Add((path, $"its name is not the SHA-256 of the reference it names ('{record.Reference}')"));
            }
            else
            {
                records.Add(record);
            }
        }

        return (records, invalid);
    }

    /// <summary>Durably deletes the record of <paramref name="reference"/>; does nothing when there is none.</summary>
    public void Delete(string reference) => AtomicFile.Delete(PathOf(reference));

    private static async Task<(PulledImageRecord? Record, string? Problem)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return (null, "it was deleted while being read");
        }

        try
        {
            var record = JsonSerializer.Deserialize<PulledImageRecord>(content, Json);
            if (record is null || string.IsNullOrWhiteSpace(record.Reference))
            {
                return (null, "it names no image reference");
            }

            if (record.FormatVersion != PulledImageRecord.CurrentFormatVersion)
            {
                return (null, $"its format version {record.FormatVersion} is not {PulledImageRecord.CurrentFormatVersion}");
            }

            return (record, null);
        }
        catch (JsonException exception)
        {
            return (null, "it is not valid JSON: " + exception.Message);
        }
    }
}
