using System.Security.Cryptography;
using BootcPlug.Composefs.Native;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.FsVerity;

/// <summary>The OpenSSL block hashes behind fs-verity against .NET's own SHA-256 and SHA-512.</summary>
public sealed class LibCryptoDigestsTests
{
    [Fact]
    public void OpenSsl_is_used_where_dotnet_itself_runs()
    {
        // .NET's cryptography on Linux needs libcrypto.so.3 (or 1.1), so the fast path must be the one tested here.
        Assert.True(LibCryptoDigests.IsAvailable);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(111)]
    [InlineData(112)]
    [InlineData(128)]
    [InlineData(4096)]
    [InlineData(100_003)]
    public void Sha256_and_sha512_equal_dotnets(int length)
    {
        var data = TestData.Gen(length, length);
        var ours = new byte[64];
        LibCryptoDigests.Sha256(data, ours);
        Assert.Equal(SHA256.HashData(data), ours[..32]);
        LibCryptoDigests.Sha512(data, ours);
        Assert.Equal(SHA512.HashData(data), ours);
    }

    [Fact]
    public void Short_destination_is_refused_before_any_write()
    {
        var destination = new byte[63];
        Assert.Throws<ArgumentException>(() => LibCryptoDigests.Sha512([1, 2, 3], destination));
        Assert.Throws<ArgumentException>(() => LibCryptoDigests.Sha256([1, 2, 3], destination.AsSpan(0, 31)));
        Assert.All(destination, b => Assert.Equal(0, b));
    }
}
