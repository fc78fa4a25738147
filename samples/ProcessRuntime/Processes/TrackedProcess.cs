using System.Diagnostics;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>
/// The service's process as this adapter knows it: either a child it started (whose exit it can await and whose exit
/// code it learns), or a process found through the pid file, which an earlier agent started.
/// </summary>
internal sealed class TrackedProcess : IDisposable
{
    /// <summary>How long <see cref="IsAlive"/> waits for the runtime to reap a child that /proc shows exited.</summary>
    private static readonly TimeSpan ReapWait = TimeSpan.FromSeconds(5);

    private readonly Process? _child;
    private readonly DateTime _launchedAt;

    private TrackedProcess(PidRecord record, Process? child, DateTime launchedAt)
    {
        Record = record;
        _child = child;
        _launchedAt = launchedAt;
    }

    public PidRecord Record { get; }

    public int Pid => Record.Pid;

    /// <summary>Gets a value indicating whether this adapter started the process (and so can read its exit code).</summary>
    public bool IsChild => _child is not null;

    /// <summary>Gets the exit code of a child that has exited, or <see langword="null"/>.</summary>
    public int? ExitCode => _child is { HasExited: true } child ? child.ExitCode : null;

    /// <summary>Tracks a child this adapter started; <paramref name="launchedAt"/> is the local time read just before its start.</summary>
    public static TrackedProcess ForChild(Process child, PidRecord record, DateTime launchedAt) => new(record, child, launchedAt);

    public static TrackedProcess ForAdopted(PidRecord record) => new(record, child: null, default);

    /// <summary>
    /// Tells whether a child exited less than <paramref name="window"/> after its launch. Measured with the exit time
    /// the runtime records when it reaps the child, so a continuation that runs late under load does not turn a crash
    /// after a successful start into a failed start.
    /// </summary>
    public bool ExitedWithin(TimeSpan window) => _child is { HasExited: true } child && child.ExitTime - _launchedAt < window;

    /// <summary>
    /// Tells whether <paramref name="record"/> names a live process that is the one recorded: the start time in
    /// <c>/proc/{pid}/stat</c> must match, so a pid the kernel has handed to another process since never does. A record
    /// without a start time falls back to <c>/proc/{pid}/exe</c> or the command line naming the executable.
    /// </summary>
    public static bool IsRecordedProcessAlive(PidRecord record)
    {
        if (ProcFs.Read(record.Pid) is not { IsAlive: true } snapshot)
        {
            return false;
        }

        if (record.StartTime != 0)
        {
            return snapshot.StartTime == record.StartTime;
        }

        // A script runs under its interpreter: /proc/{pid}/exe names the interpreter and the cmdline names the script.
        return string.Equals(ProcFs.ReadExecutable(record.Pid), record.Executable, StringComparison.Ordinal)
            || ProcFs.ReadCommandLine(record.Pid).Contains(record.Executable, StringComparer.Ordinal);
    }

    /// <summary>Tells whether the process still runs. Checked through /proc before every signal.</summary>
    public bool IsAlive()
    {
        if (_child is null)
        {
            return IsRecordedProcessAlive(Record);
        }

        if (_child.HasExited)
        {
            return false;
        }

        // The runtime learns of a child's exit only when its SIGCHLD handler reaps it, which a loaded machine runs
        // late: until then a killed child is a zombie that HasExited still calls running. /proc already tells.
        if (IsRecordedProcessAlive(Record))
        {
            return true;
        }

        // The reap is due; waiting for it keeps the exit code. The child holds its pid until then, so no other
        // process can have taken it.
        _child.WaitForExit(ReapWait);
        return false;
    }

    /// <summary>Waits until the process has exited; returns its exit code when it was a child.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan pollInterval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (_child is not null)
        {
            await _child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return _child.ExitCode;
        }

        // Not a child: nothing signals its exit to this process, so /proc is read until it is gone. Bounded by the token.
        while (IsAlive())
        {
            await Task.Delay(pollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Sends <paramref name="signal"/>, after checking that the pid still names this process.</summary>
    /// <returns><see langword="false"/> when the process was already gone.</returns>
    public bool Signal(int signal) => IsAlive() && Signals.Send(Pid, signal);

    public void Dispose() => _child?.Dispose();
}
