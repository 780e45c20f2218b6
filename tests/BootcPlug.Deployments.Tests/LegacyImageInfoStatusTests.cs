using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BootcPlug.Demo;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Tests.Support;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// An origin with container-image-reference but no [image] manifest_digest: status reports the image from the
/// legacy .imginfo, with bootc's digest (bare hex sha256 of the manifest as bootc writes it again), and spec.image.
/// </summary>
public sealed class LegacyImageInfoStatusTests
{
    private static readonly string ConfigDigest = "sha256:" + new string('a', 64);
    private static readonly string LayerDigest = "sha256:" + new string('b', 64);

    /// <summary>Pretty-printed, fields out of order, an unknown field, nulls and characters JSON need not escape.
    /// </summary>
    private static readonly string LegacyFile = $$"""
        {
          "manifest": {
            "annotations": { "org.opencontainers.image.version": "41.1", "note": "é<>&+\t\u0001" },
            "layers": [
              { "size": 10, "digest": "{{LayerDigest}}", "urls": null,
                "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip" }
            ],
            "config": { "digest": "{{ConfigDigest}}", "mediaType": "application/vnd.oci.image.config.v1+json",
                        "size": 7023 },
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "subject": null,
            "unknownField": 1,
            "schemaVersion": 2
          },
          "config": {
            "architecture": "arm64", "os": "linux", "created": "2025-03-04T05:06:07Z",
            "config": { "Labels": { "org.opencontainers.image.version": "from-a-label" } },
            "rootfs": { "type": "layers", "diff_ids": [] }
          }
        }
        """;

    /// <summary>The manifest as bootc writes it: oci-spec's field order, compact, absent fields left out.</summary>
    private static readonly string BootcForm =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{ConfigDigest}\","
        + "\"size\":7023},"
        + $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"{LayerDigest}\","
        + "\"size\":10}],"
        + "\"annotations\":{\"org.opencontainers.image.version\":\"41.1\",\"note\":\"é<>&+\\t\\u0001\"}}";

    [Fact]
    public void The_manifest_is_written_again_in_bootcs_form()
    {
        using var document = JsonDocument.Parse(LegacyFile);
        var bytes = OciManifestForm.Serialize(document.RootElement.GetProperty("manifest"));
        Assert.Equal(BootcForm, Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("{\"schemaVersion\":2,\"layers\":[]}", "manifest.config: missing")]
    [InlineData("{\"schemaVersion\":-1,\"config\":{},\"layers\":[]}", "manifest.schemaVersion")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"m\",\"digest\":\"sha256:12\",\"size\":1},"
        + "\"layers\":[]}", "manifest.config.digest: 'sha256:12': expected 64 lowercase hex digits")]
    public void A_manifest_bootc_could_not_read_is_refused(string manifest, string problem)
    {
        using var document = JsonDocument.Parse(manifest);
        var error = Assert.Throws<FormatException>(() => OciManifestForm.Serialize(document.RootElement));
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("grub", false)]
    [InlineData("systemd", false)]
    [InlineData("systemd", true)]
    [InlineData("grub", true)]
    public void Status_reports_the_legacy_image_with_the_bare_hex_digest(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a);
        DropManifestDigest(host, a);
        File.WriteAllText(host.Paths.ImageInfoFile(a), LegacyFile);

        var result = host.Cli("status", "--json");
        Assert.Equal("", result.Stderr);
        var document = host.Status();
        var image = document.Status.Booted!.Image!;
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BootcForm)));
        Assert.Equal(expected, image.ImageDigest.Value);
        Assert.False(image.ImageDigest.HasPrefix);
        Assert.Equal("41.1", image.Version);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), image.Timestamp);
        Assert.Equal("arm64", image.Architecture);
        Assert.Equal("quay.io/bootcplug/demo-os:1", image.Image.Image);
        Assert.Equal(image.Image, document.Spec.Image);
        Assert.Contains($"\"imageDigest\":\"{expected}\"", result.Stdout);
    }

    [Fact]
    public void Without_an_imginfo_or_with_a_broken_one_the_image_is_a_warning()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a);
        DropManifestDigest(host, a);
        string info = host.Paths.ImageInfoFile(a);

        File.WriteAllText(info, "{\"manifest\": {\"schemaVersion\": 2}, \"config\": {}}");
        var broken = host.Cli("status", "--json");
        Assert.Equal(0, broken.ExitCode);
        Assert.Contains($"{info}: not an image manifest and config bootc can read: manifest.config: missing",
            broken.Stderr);
        Assert.Null(host.Status().Status.Booted!.Image);

        File.Delete(info);
        var missing = host.Cli("status", "--json");
        Assert.Contains($"[image] manifest_digest: missing, and there is no {info}", missing.Stderr);
        Assert.Null(host.Status().Spec.Image);
    }

    [Fact]
    public void An_origin_with_a_manifest_digest_keeps_it_and_ignores_the_legacy_rule()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a);
        var image = host.Status().Status.Booted!.Image!;
        Assert.True(image.ImageDigest.HasPrefix);
        Assert.Contains($"manifest_digest = {image.ImageDigest.Value}", File.ReadAllText(host.Paths.OriginFile(a)));
    }

    private static void DropManifestDigest(TestHost host, string id)
    {
        string origin = host.Paths.OriginFile(id);
        File.WriteAllText(origin, string.Join('\n', File.ReadAllText(origin).Split('\n')
            .Where(l => !l.StartsWith("manifest_digest", StringComparison.Ordinal))));
    }
}
