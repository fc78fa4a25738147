namespace Upgrade.Abstractions.Tests;

public sealed class Sha256ChecksumTests
{
    private const string Abc = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Compute_KnownVector_MatchesTheStandardDigest() => Sha256Checksum.Compute("abc"u8).ShouldBe(Abc);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:ba7816bf")]
    [InlineData("sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad ")]
    public void IsValid_MalformedValue_IsFalse(string? value) => Sha256Checksum.IsValid(value).ShouldBeFalse();

    [Fact]
    public void AreEqual_IgnoresHexCase_AndRejectsMalformed()
    {
        Sha256Checksum.AreEqual(Abc, Abc.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal)).ShouldBeTrue();
        Sha256Checksum.AreEqual(Abc, Sha256Checksum.Compute("abd"u8)).ShouldBeFalse();
        Sha256Checksum.AreEqual(Abc, "garbage").ShouldBeFalse();
        Sha256Checksum.AreEqual(null, null).ShouldBeFalse();
    }

    [Fact]
    public async Task ComputeAsync_Stream_EqualsComputeOfTheBytes()
    {
        var data = new byte[300_000];
        new Random(1).NextBytes(data);

        (await Sha256Checksum.ComputeAsync(new MemoryStream(data))).ShouldBe(Sha256Checksum.Compute(data));
    }

    [Fact]
    public void Incremental_PiecesInAnyChunking_EqualTheWholeDigest()
    {
        var data = new byte[10_000];
        new Random(2).NextBytes(data);
        using var hash = Sha256Checksum.CreateIncremental();
        for (var offset = 0; offset < data.Length; offset += 777)
        {
            hash.AppendData(data.AsSpan(offset, Math.Min(777, data.Length - offset)));
        }

        Sha256Checksum.Format(hash.GetHashAndReset()).ShouldBe(Sha256Checksum.Compute(data));
        Sha256Checksum.Matches(Sha256Checksum.Compute(data), System.Security.Cryptography.SHA256.HashData(data)).ShouldBeTrue();
    }
}
