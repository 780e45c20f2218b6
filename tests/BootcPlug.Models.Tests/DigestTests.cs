using System.Text.Json;

namespace BootcPlug.Models.Tests;

public sealed class DigestTests
{
    private static readonly string Hex64 = new string('a', 32) + "0123456789abcdef0123456789abcdef";
    private static readonly string Hex128 = Hex64 + Hex64;

    [Fact]
    public void Sha256Digest_accepts_exactly_prefix_and_64_lowercase_hex()
    {
        Sha256Digest digest = Sha256Digest.Parse("sha256:" + Hex64);
        Assert.Equal(Hex64, digest.Hex);
        Assert.Equal("sha256:" + Hex64, digest.ToString());
    }

    public static TheoryData<string> InvalidSha256Digests => new()
    {
        "",
        Hex64,                                   // no prefix
        "sha512:" + Hex64,                       // wrong prefix
        "SHA256:" + Hex64,                       // prefix case
        "sha256:" + Hex64.ToUpperInvariant(),    // uppercase hex
        "sha256:" + Hex64[..63],                 // short
        "sha256:" + Hex64 + "0",                 // long
        "sha256:" + Hex64[..63] + "g",           // non-hex
        "sha256:" + Hex64[..63] + " ",           // whitespace
        "sha256:",
    };

    [Theory]
    [MemberData(nameof(InvalidSha256Digests))]
    public void Sha256Digest_rejects_every_invalid_shape(string text)
    {
        Assert.False(Sha256Digest.TryParse(text, out _, out string error));
        Assert.Contains("not a valid Sha256Digest", error);
        Assert.Throws<FormatException>(() => Sha256Digest.Parse(text));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    public void FsVerityDigest_accepts_sha256_and_sha512_lengths(int length)
    {
        FsVerityDigest digest = FsVerityDigest.Parse(Hex128[..length]);
        Assert.Equal(length / 2, digest.ByteLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(96)]
    [InlineData(127)]
    [InlineData(129)]
    public void FsVerityDigest_rejects_other_lengths(int length)
    {
        string text = (Hex128 + Hex128)[..length];
        Assert.False(FsVerityDigest.TryParse(text, out _, out string error));
        Assert.Contains("64 or 128 hex digits", error);
    }

    [Fact]
    public void FsVerityDigest_rejects_uppercase_and_names_the_offending_index()
    {
        string text = Hex64[..10] + "A" + Hex64[11..];
        Assert.False(FsVerityDigest.TryParse(text, out _, out string error));
        Assert.Contains("'A' at index 10", error);
    }

    [Fact]
    public void BootDigest_is_bare_hex_only()
    {
        Assert.True(BootDigest.TryParse(Hex64, out _));
        Assert.False(BootDigest.TryParse("sha256:" + Hex64, out _));
        Assert.False(BootDigest.TryParse(Hex128, out _));
    }

    [Fact]
    public void ImageDigest_accepts_both_forms_and_keeps_the_one_written()
    {
        ImageDigest prefixed = ImageDigest.Parse("sha256:" + Hex64);
        ImageDigest bare = ImageDigest.Parse(Hex64);
        Assert.True(prefixed.HasPrefix);
        Assert.False(bare.HasPrefix);
        Assert.Equal(prefixed.Hex, bare.Hex);
        Assert.Equal(Hex64, bare.ToString());
        Assert.False(ImageDigest.TryParse("sha512:" + Hex64, out _));
    }

    [Fact]
    public void Default_digest_is_detectably_invalid()
    {
        Sha256Digest digest = default;
        Assert.False(digest.IsInitialized);
        Assert.Throws<InvalidOperationException>(() => digest.Value);
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(digest, HostV1JsonContext.Default.Sha256Digest));
    }

    [Fact]
    public void Equality_is_by_value()
    {
        Assert.Equal(FsVerityDigest.Parse(Hex64), FsVerityDigest.Parse(new string(Hex64)));
        Assert.True(FsVerityDigest.Parse(Hex64) == FsVerityDigest.Parse(Hex64));
        Assert.NotEqual(FsVerityDigest.Parse(Hex64), FsVerityDigest.Parse(Hex128));
        Assert.Equal(FsVerityDigest.Parse(Hex64).GetHashCode(), FsVerityDigest.Parse(Hex64).GetHashCode());
    }

    [Fact]
    public void Bad_digest_in_a_document_fails_with_the_json_path_of_the_field()
    {
        string json = Fixture.Text("booted-only").Replace("\"verity\":\"", "\"verity\":\"X");
        var error = Assert.Throws<JsonException>(() => Fixture.Parse(json));
        Assert.StartsWith("$.status.booted.composefs.verity: ", error.Message);
        Assert.Contains("FsVerityDigest", error.Message);
    }

    [Fact]
    public void Bad_image_digest_in_other_deployments_names_the_array_index()
    {
        var host = Fixture.Read("other-deployments");
        string json = Fixture.Write(host);
        string bad = host.Status.OtherDeployments[1].Image!.ImageDigest.Value;
        json = json.Replace(bad, "sha256:nothex");
        var error = Assert.Throws<JsonException>(() => Fixture.Parse(json));
        Assert.StartsWith("$.status.otherDeployments[1].image.imageDigest: ", error.Message);
    }

    [Fact]
    public void Standalone_digest_converter_reports_the_path_through_System_Text_Json()
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("\"sha256:zz\"", HostV1JsonContext.Default.Sha256Digest));
        Assert.Contains("Path: $", error.Message);
        Assert.Contains("not a valid Sha256Digest", error.InnerException!.Message);
    }
}
