using System.Text;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Repository;

/// <summary>meta.json's EROFS formats and feature flags, read and written as composefs-rs does.</summary>
public sealed class RepositoryMetadataTests
{
    private static RepositoryMetadata Parse(string json) =>
        RepositoryMetadata.Parse(Encoding.UTF8.GetBytes(json), "meta.json");

    private const string Head = "{\"version\": 1, \"algorithm\": \"fsverity-sha512-12\"";

    [Fact]
    public void Init_writes_v1_as_default_with_the_v1_erofs_flag()
    {
        using var dir = new TempDir();
        using var repo = ComposefsRepository.Init(dir.Combine("repo"), FsVerityAlgorithm.Sha512).Repository;
        string json = File.ReadAllText(repo.MetadataPath);
        Assert.Equal("{\n  \"version\": 1,\n  \"algorithm\": \"fsverity-sha512-12\",\n  \"features\": {\n"
            + "    \"compatible\": [],\n    \"read-only-compatible\": [\n      \"v1_erofs\"\n    ],\n"
            + "    \"incompatible\": []\n  },\n  \"erofs_formats\": {\n    \"default\": 1\n  }\n}\n", json);
        Assert.Equal(ErofsFormatVersion.V1, repo.ImageFormat);
        Assert.Empty(repo.Metadata.ReadOnlyCompatibleFeatures);
    }

    [Theory]
    [InlineData("}", ErofsFormatVersion.V2)]
    [InlineData(", \"features\": {\"read-only-compatible\": [\"v1_erofs\"]}}", ErofsFormatVersion.V1)]
    [InlineData(", \"erofs_formats\": {\"default\": 2}}", ErofsFormatVersion.V2)]
    [InlineData(", \"erofs_formats\": {\"default\": 1, \"extra\": [2]}}", ErofsFormatVersion.V1)]
    [InlineData(", \"erofs_formats\": {\"default\": 2, \"extra\": [1]}}", ErofsFormatVersion.V2)]
    // As composefs-rs: an erofs_formats equal to the legacy default defers to the flag.
    [InlineData(", \"features\": {\"read-only-compatible\": [\"v1_erofs\"]}, \"erofs_formats\": {\"default\": 2}}",
        ErofsFormatVersion.V1)]
    public void Image_format_follows_erofs_formats_then_the_flag(string tail, ErofsFormatVersion expected)
    {
        Assert.Equal(expected, Parse(Head + tail).WritableImageFormat("meta.json"));
    }

    [Fact]
    public void Formats_round_trip()
    {
        var metadata = Parse(Head + ", \"erofs_formats\": {\"default\": 1, \"extra\": [2, 2]}}");
        var again = Parse(Encoding.UTF8.GetString(metadata.ToJson()));
        Assert.Equal(1, again.ErofsDefault);
        Assert.Equal([2], again.ErofsExtra);
    }

    [Fact]
    public void A_format_we_cannot_write_is_refused_in_one_line_naming_meta_json()
    {
        var e = Assert.Throws<ComposefsFormatException>(() =>
            Parse(Head + ", \"erofs_formats\": {\"default\": 0}}").WritableImageFormat("/r/meta.json"));
        Assert.Contains("/r/meta.json", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Unknown_read_only_feature_refuses_writing_objects_and_images_but_not_reading()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("meta.json"), Head + ", \"features\": {\"read-only-compatible\": [\"zz\"]}}");
        using var repo = ComposefsRepository.Open(dir.Path);
        var e = Assert.Throws<ComposefsFormatException>(() => repo.StoreObject("hello"u8));
        Assert.Contains("meta.json", e.Message);
        Assert.Contains("zz", e.Message);
        Assert.Throws<ComposefsFormatException>(() => repo.ImageFormat);
        Assert.False(Directory.Exists(dir.Combine("objects")));
    }

    [Fact]
    public void Unknown_incompatible_feature_refuses_the_repository()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("meta.json"), Head + ", \"features\": {\"incompatible\": [\"v1_erofs\"]}}");
        var e = Assert.Throws<ComposefsFormatException>(() => ComposefsRepository.Open(dir.Path));
        Assert.Contains("meta.json", e.Message);
    }
}
