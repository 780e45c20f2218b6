using System.Text.Json.Nodes;

namespace BootcPlug.Models.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<string> BootcShapedDocuments => new()
    {
        "booted-only", "booted-staged-rollback", "other-deployments", "download-only-staged", "uki-systemd",
        "uki-grub-rollback-queued", "bls-grub-cc", "null-boot-digest", "image-without-version", "no-image",
        "legacy-image-digest", "not-deployed", "usr-overlay",
    };

    [Theory]
    [MemberData(nameof(BootcShapedDocuments))]
    public void Bootc_shaped_document_is_written_back_as_the_same_json_value(string name)
    {
        string original = Fixture.Text(name);
        string written = Fixture.Write(Fixture.Parse(original));
        Assert.True(Fixture.SameJson(original, written), $"{name} changed:\n{original}\n{written}");
    }

    [Fact]
    public void Booted_staged_rollback_reads_into_typed_members()
    {
        Host host = Fixture.Read("booted-staged-rollback");
        Assert.Equal("org.containers.bootc/v1", host.ApiVersion);
        Assert.Equal(BootOrder.Default, host.Spec.BootOrder);
        BootEntry staged = host.Status.Staged!;
        Assert.Equal(BootType.Bls, staged.Composefs!.BootType);
        Assert.Equal(Bootloader.Grub, staged.Composefs.Bootloader);
        Assert.Equal(128, staged.Composefs.Verity.Hex.Length);
        Assert.Equal(64, staged.Composefs.Verity.ByteLength);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 30, 45, 123, TimeSpan.Zero), staged.Image!.Timestamp);
        Assert.Equal("42.20250301.0", staged.Image.Version);
        Assert.NotNull(host.Status.Rollback);
        Assert.Empty(host.Status.OtherDeployments);
    }

    [Fact]
    public void Other_deployments_are_written_only_when_present()
    {
        Host withOthers = Fixture.Read("other-deployments");
        Assert.Equal(2, withOthers.Status.OtherDeployments.Count);
        Assert.Contains("\"otherDeployments\"", Fixture.Write(withOthers));

        Host without = withOthers with { Status = withOthers.Status with { OtherDeployments = [] } };
        Assert.DoesNotContain("otherDeployments", Fixture.Write(without));
    }

    [Fact]
    public void Absent_optionals_are_written_as_null_but_signature_and_metadata_members_are_left_out()
    {
        var host = new Host { ApiVersion = "org.containers.bootc/v1", Kind = "BootcHost" };
        var written = JsonNode.Parse(Fixture.Write(host))!.AsObject();
        var status = written["status"]!.AsObject();
        Assert.True(status.ContainsKey("booted") && status["booted"] is null);
        Assert.True(status.ContainsKey("staged") && status["staged"] is null);
        Assert.False(status.ContainsKey("otherDeployments"));
        Assert.False(status.ContainsKey("storage"));
        Assert.Empty(written["metadata"]!.AsObject());
        Assert.Equal("default", (string?)written["spec"]!["bootOrder"]);

        var image = new ImageReference { Image = "quay.io/x/y:z", Transport = "registry" };
        var imageJson = JsonNode.Parse(
            System.Text.Json.JsonSerializer.Serialize(image, HostV1JsonContext.Default.ImageReference))!.AsObject();
        Assert.False(imageJson.ContainsKey("signature"));
    }

    [Fact]
    public void Download_only_and_kebab_case_bootloader_read_correctly()
    {
        Assert.True(Fixture.Read("download-only-staged").Status.Staged!.DownloadOnly);
        Assert.Equal(Bootloader.GrubCc, Fixture.Read("bls-grub-cc").Status.Booted!.Composefs!.Bootloader);
        Assert.Equal("grub-cc", Bootloader.GrubCc.ToWireName());
        Assert.Equal(BootType.Uki, Fixture.Read("uki-systemd").Status.Booted!.Composefs!.BootType);
        Assert.Null(Fixture.Read("null-boot-digest").Status.Booted!.Composefs!.BootDigest);
        Assert.True(Fixture.Read("uki-grub-rollback-queued").Status.RollbackQueued);
    }

    [Fact]
    public void Image_without_version_or_timestamp_reads_nulls()
    {
        ImageStatus image = Fixture.Read("image-without-version").Status.Booted!.Image!;
        Assert.Null(image.Version);
        Assert.Null(image.Timestamp);
    }

    [Fact]
    public void Legacy_bare_image_digest_is_kept_as_written()
    {
        string original = Fixture.Text("legacy-image-digest");
        ImageDigest digest = Fixture.Parse(original).Status.Booted!.Image!.ImageDigest;
        Assert.False(digest.HasPrefix);
        Assert.Equal(64, digest.Value.Length);
        Assert.True(Fixture.SameJson(original, Fixture.Write(Fixture.Parse(original))));
    }
}

public sealed class TimestampTests
{
    [Theory]
    [InlineData("2025-01-01T00:00:00Z")]
    [InlineData("2023-10-14T19:22:15.420Z")]
    [InlineData("2023-10-14T19:22:15.123456Z")]
    [InlineData("2023-10-14T19:22:15.123456700Z")]
    [InlineData("2023-10-14T21:22:15+02:00")]
    [InlineData("2023-10-14T21:22:15.500-05:30")]
    [InlineData("2023-10-14T21:22:15.5-05:30", "2023-10-14T21:22:15.500-05:30")]
    [InlineData("2023-10-14T19:22:15.42Z", "2023-10-14T19:22:15.420Z")]
    public void Timestamps_are_written_back_as_chrono_writes_them(string timestamp, string? expected = null)
    {
        string json = Fixture.Text("booted-only").Replace("2025-01-01T00:00:00Z", timestamp);
        Assert.Contains(timestamp, json);
        var written = JsonNode.Parse(Fixture.Write(Fixture.Parse(json)))!;
        Assert.Equal(expected ?? timestamp, (string?)written["status"]!["booted"]!["image"]!["timestamp"]);
    }
}
