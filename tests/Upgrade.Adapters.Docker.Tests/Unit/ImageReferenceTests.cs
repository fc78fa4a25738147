using Upgrade.Adapters.Docker.Internal;

namespace Upgrade.Adapters.Docker.Tests.Unit;

public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Digest = "sha256:" + Hex;

    [Theory]
    [InlineData("registry.example:5000/chain/node@" + Digest, "registry.example:5000/chain/node")]
    [InlineData("registry.example:5000/chain/node:v2@" + Digest, "registry.example:5000/chain/node")]
    [InlineData("node@" + Digest, "node")]
    [InlineData("127.0.0.1:5000/node@sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "127.0.0.1:5000/node")]
    public void TryParse_DigestPinned_ReturnsRepositoryAndLowercaseDigest(string source, string repository)
    {
        var reference = ImageReference.TryParse(source, out var error);

        error.ShouldBeNull();
        reference.ShouldNotBeNull();
        reference.Repository.ShouldBe(repository);
        reference.Digest.ShouldBe(Digest);
        reference.Reference.ShouldBe(repository + "@" + Digest);
    }

    [Theory]
    [InlineData("registry.example:5000/chain/node:v2", "not pinned by digest: mutable tags are refused")]
    [InlineData("registry.example:5000/chain/node", "not pinned by digest")]
    [InlineData("node:latest", "not pinned by digest")]
    [InlineData("node@sha256:abc", "no valid sha256 digest")]
    [InlineData("node@sha512:" + Hex, "no valid sha256 digest")]
    [InlineData("@" + Digest, "no valid repository name")]
    [InlineData("", "empty")]
    [InlineData("node @" + Digest, "white space")]
    public void TryParse_NotDigestPinned_ReturnsReason(string source, string reason)
    {
        ImageReference.TryParse(source, out var error).ShouldBeNull();

        error.ShouldNotBeNull();
        error.ShouldContain(reason);
    }

    [Fact]
    public void Parse_TagReference_ThrowsValidationNamingRuleThree()
    {
        var error = Should.Throw<UpgradeValidationException>(() => ImageReference.Parse("node:v2", Digest));

        var failure = error.Errors.ShouldHaveSingleItem();
        failure.Field.ShouldBe("artifact.source");
        failure.Rule.ShouldBe("digest_pinned");
        failure.Message.ShouldBe("The image reference 'node:v2' is not pinned by digest: mutable tags are refused. Use 'repository@sha256:<digest>'.");
    }

    [Fact]
    public void Parse_ChecksumWithoutSha256Prefix_ThrowsValidationNamingRuleTwo()
    {
        var error = Should.Throw<UpgradeValidationException>(() => ImageReference.Parse("node@" + Digest, Hex));

        var failure = error.Errors.ShouldHaveSingleItem();
        failure.Field.ShouldBe("artifact.checksum");
        failure.Rule.ShouldBe("sha256_prefixed");
    }

    [Fact]
    public void Parse_ChecksumOfAnotherDigest_ThrowsValidation()
    {
        var other = "sha256:" + new string('f', 64);

        var error = Should.Throw<UpgradeValidationException>(() => ImageReference.Parse("node@" + Digest, other));

        error.Errors.ShouldHaveSingleItem().Rule.ShouldBe("checksum_matches_digest");
    }

    [Fact]
    public void Parse_ChecksumInUppercase_MatchesDigest()
    {
        ImageReference.Parse("node@" + Digest, "sha256:" + Hex.ToUpperInvariant()).Digest.ShouldBe(Digest);
    }
}
