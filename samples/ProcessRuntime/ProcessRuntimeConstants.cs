namespace Upgrade.Samples.ProcessRuntime;

/// <summary>The defaults of the process adapter's options.</summary>
internal static class ProcessRuntimeConstants
{
    public const int DefaultMaxRestarts = 5;

    public const string PidFileExtension = ".pid";

    public static readonly TimeSpan DefaultStartSettleTime = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultStatusPollInterval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan DefaultRestartDelay = TimeSpan.FromSeconds(1);
}
