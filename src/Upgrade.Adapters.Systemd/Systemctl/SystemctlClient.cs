using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Upgrade.Adapters.Systemd;

/// <summary>
/// Runs <c>systemctl</c> with an argument list (never through a shell), behind the configured command prefix, and
/// bounds every invocation by the command timeout and the caller's token.
/// </summary>
internal sealed class SystemctlClient
{
    private readonly SystemdRuntimeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SystemctlClient(SystemdRuntimeOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Builds the full command line: prefix, systemctl, mode flags, then <paramref name="arguments"/>.</summary>
    public IReadOnlyList<string> BuildCommand(IReadOnlyList<string> arguments)
    {
        var command = new List<string>(_options.CommandPrefix.Count + arguments.Count + 4);
        command.AddRange(_options.CommandPrefix);
        command.Add(_options.SystemctlPath);
        if (_options.UserMode)
        {
            command.Add("--user");
        }

        command.Add("--no-pager");
        command.Add("--no-ask-password");
        command.AddRange(arguments);
        return command;
    }

    /// <summary>Runs systemctl with <paramref name="arguments"/> and returns its exit code and output.</summary>
    /// <exception cref="RuntimeOperationException">systemctl cannot be started or exceeds the command timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<SystemctlResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var command = BuildCommand(arguments);
        var startInfo = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
        };
        for (var i = 1; i < command.Count; i++)
        {
            startInfo.ArgumentList.Add(command[i]);
        }

        // Plain, stable output: no pager, no colours, no localisation.
        startInfo.Environment["SYSTEMD_PAGER"] = string.Empty;
        startInfo.Environment["SYSTEMD_COLORS"] = "0";
        startInfo.Environment["LC_ALL"] = "C";

        using var timeout = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new RuntimeOperationException($"Cannot start '{command[0]}' to run systemctl: {exception.Message}", exception);
        }

        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new RuntimeOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"systemctl {Verb(arguments)} did not finish within {_options.CommandTimeout.TotalSeconds}s and was killed."));
        }

        var result = new SystemctlResult(
            process.ExitCode,
            await standardOutput.ConfigureAwait(false),
            await standardError.ConfigureAwait(false));
        _logger.SystemctlInvoked(Verb(arguments), result.ExitCode);
        return result;
    }

    /// <summary>Runs systemctl and throws when it exits with a non-zero code.</summary>
    /// <exception cref="RuntimeOperationException">systemctl failed.</exception>
    public async Task<SystemctlResult> RunCheckedAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw Failure(arguments, result);
        }

        return result;
    }

    /// <summary>Reads the unit's state with <c>systemctl show</c>.</summary>
    public async Task<UnitState> ShowAsync(string unitName, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(["show", "--property=" + UnitState.PropertyList, "--", unitName], cancellationToken).ConfigureAwait(false);
        return SystemctlShowParser.Parse(result.StandardOutput);
    }

    /// <summary>Describes a failed invocation.</summary>
    public static RuntimeOperationException Failure(IReadOnlyList<string> arguments, SystemctlResult result)
    {
        var error = result.StandardError.Trim();
        if (error.Length == 0)
        {
            error = result.StandardOutput.Trim();
        }

        return new RuntimeOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"systemctl {string.Join(' ', arguments)} failed with exit code {result.ExitCode}: {error}"));
    }

    private static string Verb(IReadOnlyList<string> arguments) => arguments.Count > 0 ? arguments[0] : string.Empty;

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited in the meantime.
        }
        catch (Win32Exception)
        {
        }
    }
}
