namespace Upgrade.Abstractions.Tests;

public sealed class ExceptionTests
{
    [Fact]
    public void IsCancellation_RecognisesWrappedCancellation()
    {
        UpgradeException.IsCancellation(new OperationCanceledException()).ShouldBeTrue();
        UpgradeException.IsCancellation(new TaskCanceledException()).ShouldBeTrue();
        UpgradeException.IsCancellation(new InvalidOperationException("x", new OperationCanceledException())).ShouldBeTrue();
        UpgradeException.IsCancellation(new AggregateException(new OperationCanceledException(), new TaskCanceledException())).ShouldBeTrue();
        UpgradeException.IsCancellation(new AggregateException(new OperationCanceledException(), new IOException())).ShouldBeFalse();
        UpgradeException.IsCancellation(new IOException()).ShouldBeFalse();
        UpgradeException.IsCancellation(null).ShouldBeFalse();
    }

    [Fact]
    public void UpgradeValidationException_ListsEveryViolation()
    {
        var exception = new UpgradeValidationException("upgrade payload",
        [
            new UpgradeValidationError { Field = "artifact_checksum", Rule = "rule-1", Message = "is required" },
            new UpgradeValidationError { Field = "target_version", Rule = "rule-4", Message = "must differ from source_version" },
        ]);

        exception.Message.ShouldBe(
            "The upgrade payload is invalid (2 errors):" + Environment.NewLine +
            "- artifact_checksum: is required (rule-1)" + Environment.NewLine +
            "- target_version: must differ from source_version (rule-4)");
    }

    [Fact]
    public void ActionTimeoutException_CarriesActionAndTimeout()
    {
        var exception = new ActionTimeoutException("stop_node", TimeSpan.FromSeconds(60), null);

        exception.ActionName.ShouldBe("stop_node");
        exception.Timeout.ShouldBe(TimeSpan.FromSeconds(60));
        exception.Message.ShouldBe("Action 'stop_node' did not finish within its timeout of 00:01:00.");
        exception.InnerException.ShouldBeOfType<TimeoutException>();
    }

    [Fact]
    public void UpgradeInputMismatchException_NamesTheField()
        => new UpgradeInputMismatchException("u-1", "artifact_checksum").Message.ShouldBe("Upgrade 'u-1' was already run with another 'artifact_checksum'; use a new upgrade id for new inputs.");
}
