namespace Upgrade.Abstractions.Tests;

public sealed class UpgradeIdsTests
{
    [Theory]
    [InlineData("v1.5.0-hotfix")]
    [InlineData("r-0123abcd_node-7-a1")]
    [InlineData("a")]
    public void IsValid_SafeIds_AreAccepted(string id) => UpgradeIds.IsValid(id).ShouldBeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a b")]
    [InlineData("é")]
    public void IsValid_UnsafeIds_AreRejected(string? id) => UpgradeIds.IsValid(id).ShouldBeFalse();

    [Fact]
    public void IsValid_TooLong_IsRejected()
    {
        UpgradeIds.IsValid(new string('a', UpgradeIds.MaxLength)).ShouldBeTrue();
        UpgradeIds.IsValid(new string('a', UpgradeIds.MaxLength + 1)).ShouldBeFalse();
    }

    [Fact]
    public void ThrowIfInvalid_NamesTheRule()
        => Should.Throw<ArgumentException>(() => UpgradeIds.ThrowIfInvalid("../x")).Message.ShouldContain("A-Z a-z 0-9 . _ -");
}
