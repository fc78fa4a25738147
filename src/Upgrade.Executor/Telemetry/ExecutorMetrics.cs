using System.Diagnostics.Metrics;

namespace Upgrade.Executor;

/// <summary>The executor's instruments, created once per meter.</summary>
internal sealed class ExecutorMetrics
{
    public ExecutorMetrics(IMeterFactory? meterFactory)
    {
        var options = new MeterOptions(ExecutorDiagnostics.Name) { Version = typeof(ExecutorMetrics).Assembly.GetName().Version?.ToString() };
        var meter = meterFactory?.Create(options) ?? new Meter(options);
        ActionDuration = meter.CreateHistogram<double>("upgrade.executor.action.duration", "s", "Time spent running or compensating one action.");
        Upgrades = meter.CreateCounter<long>("upgrade.executor.upgrades", "{upgrade}", "Upgrades ended, by outcome.");
        Compensations = meter.CreateCounter<long>("upgrade.executor.compensations", "{compensation}", "Actions compensated, by action and outcome.");
        Skips = meter.CreateCounter<long>("upgrade.executor.skips", "{action}", "Actions skipped because their effect was already in place.");
    }

    public Histogram<double> ActionDuration { get; }

    public Counter<long> Upgrades { get; }

    public Counter<long> Compensations { get; }

    public Counter<long> Skips { get; }
}
