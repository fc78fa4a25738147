using System.Diagnostics;

namespace Upgrade.Benchmarks;

/// <summary>Runs a command from an argument list (never a shell string) and returns its exit code and output.</summary>
public static class ProcessRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"'{command[0]}' did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public static async Task<string> RunCheckedAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync(command, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({exitCode}): {output}");
        }

        return output;
    }
}
