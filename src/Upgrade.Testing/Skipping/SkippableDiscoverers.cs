using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Upgrade.Testing;

/// <summary>Discovers <see cref="SkippableFactAttribute"/> tests. Used by xunit; not meant to be called.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SkippableFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnosticMessageSink;

    /// <summary>Initializes a new instance of the <see cref="SkippableFactDiscoverer"/> class.</summary>
    /// <param name="diagnosticMessageSink">The sink for diagnostic messages.</param>
    public SkippableFactDiscoverer(IMessageSink diagnosticMessageSink) => _diagnosticMessageSink = diagnosticMessageSink;

    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new SkippableTestCase(_diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>Discovers <see cref="SkippableTheoryAttribute"/> tests. Used by xunit; not meant to be called.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SkippableTheoryDiscoverer : TheoryDiscoverer
{
    /// <summary>Initializes a new instance of the <see cref="SkippableTheoryDiscoverer"/> class.</summary>
    /// <param name="diagnosticMessageSink">The sink for diagnostic messages.</param>
    public SkippableTheoryDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    /// <inheritdoc/>
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow)
    {
        yield return new SkippableTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, dataRow);
    }
}

/// <summary>A test case that turns a <see cref="ConformanceSkipException"/> into a skip. Used by xunit.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SkippableTestCase : XunitTestCase
{
    /// <summary>Initializes a new instance of the <see cref="SkippableTestCase"/> class, for deserialization.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippableTestCase()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SkippableTestCase"/> class.</summary>
    /// <param name="diagnosticMessageSink">The sink for diagnostic messages.</param>
    /// <param name="defaultMethodDisplay">How to display the method.</param>
    /// <param name="defaultMethodDisplayOptions">Method display options.</param>
    /// <param name="testMethod">The test method.</param>
    /// <param name="testMethodArguments">The arguments, for a theory row.</param>
    public SkippableTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, object[]? testMethodArguments = null)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
    }

    /// <inheritdoc/>
    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var bus = new SkippingMessageBus(messageBus);
        var summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource).ConfigureAwait(false);
        if (bus.Skipped > 0)
        {
            summary.Failed -= bus.Skipped;
            summary.Skipped += bus.Skipped;
        }

        return summary;
    }

    private sealed class SkippingMessageBus(IMessageBus inner) : IMessageBus
    {
        public int Skipped { get; private set; }

        public bool QueueMessage(IMessageSinkMessage message)
        {
            if (message is ITestFailed failed && failed.ExceptionTypes.Length > 0 && failed.ExceptionTypes[0] == typeof(ConformanceSkipException).FullName)
            {
                Skipped++;
                return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages[0]));
            }

            return inner.QueueMessage(message);
        }

        public void Dispose()
        {
        }
    }
}
