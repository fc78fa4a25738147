using System.Runtime.InteropServices;

namespace Upgrade.Samples.ProcessRuntime;

/// <summary>Sends POSIX signals: .NET can kill a process it started, but not ask any process to terminate.</summary>
internal static partial class Signals
{
    public const int Terminate = 15;

    public const int Kill = 9;

    private const int NoSuchProcess = 3;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; returns <see langword="false"/> when the process is gone.</summary>
    /// <exception cref="RuntimeOperationException">The signal was refused (for example, another user's process).</exception>
    public static bool Send(int pid, int signal)
    {
        if (SendSignal(pid, signal) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        if (error == NoSuchProcess)
        {
            return false;
        }

        throw new RuntimeOperationException($"Sending signal {signal} to process {pid} failed with errno {error} ({Marshal.GetPInvokeErrorMessage(error)}).");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
