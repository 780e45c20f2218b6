using System.Text;
using System.Text.Json.Nodes;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Repository;
using BootcPlug.Demo;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>
/// A demo release as a container image in an OCI layout, built offline: a base layer every release shares (the same
/// bytes, so images share its layer stream; a hardlink, xattrs incl. security.capability, a file a later layer
/// deletes), the release's own tree written by GNU tar (os-release, kernel and initramfs under
/// /usr/lib/modules/&lt;kver&gt;, unless the host boots UKIs), a layer with a whiteout, and for a UKI host a last
/// layer with the UKI, whose command line names the image's boot verity (computed in a scratch repository).
/// </summary>
public static class DemoImageLayout
{
    public const string VersionLabel = "org.opencontainers.image.version";
    public const string Deleted = "usr/share/demo/obsolete.txt";

    /// <summary>Writes the image into the layout <paramref name="layout"/> (tag <paramref name="tag"/>); returns
    /// its manifest digest. <paramref name="withKernel"/> false leaves out kernel and UKI; another
    /// <paramref name="created"/> time gives another manifest of the same files.</summary>
    public static string Write(TestHost host, DemoRelease release, string layout, string tag, bool withKernel = true,
        string? created = null)
    {
        string work = Path.Combine(host.Root, "image-work", $"{tag}-{Guid.NewGuid():N}");
        string tree = Path.Combine(work, "tree");
        release.Write(tree, uki: host.Config.Uki || !withKernel);
        var layers = new List<byte[]> { BaseLayer(), GnuTar(tree, work), WhiteoutLayer() };
        var labels = new Dictionary<string, string> { [VersionLabel] = $"{release.Version}.0" };
        created ??= $"2026-01-{release.Version:00}T12:00:00Z";
        if (host.Config.Uki && withKernel)
        {
            string verity = BootVerity(layers, work, created, labels);
            string ukiDir = Path.Combine(work, "uki");
            release.AddUki(ukiDir, $"rw composefs={verity}");
            string uki = Directory.GetFiles(Path.Combine(ukiDir, BootSource.UkiFolder))[0];
            layers.Add(new LayerTar()
                .File($"{BootSource.UkiFolder}/{Path.GetFileName(uki)}", File.ReadAllBytes(uki))
                .ToArray());
        }
        string digest = Layout(layout, layers, tag, created, labels);
        Directory.Delete(work, recursive: true);
        return digest;
    }

    /// <summary>
    /// The same as every release: directories, a shared file, a hardlink to it, xattrs, and the file the whiteout
    /// layer deletes.
    /// </summary>
    public static byte[] BaseLayer()
    {
        return new LayerTar()
            .Directory("usr")
            .Directory("usr/share")
            .Directory("usr/share/demo")
            .File("usr/share/demo/base.txt", Encoding.UTF8.GetBytes(Filler("in the base layer of every release ")),
                xattrs: new Dictionary<string, string> { ["user.demo"] = "base" })
            .HardLink("usr/share/demo/base-link.txt", "usr/share/demo/base.txt")
            .File(Deleted, Encoding.UTF8.GetBytes(Filler("deleted by a later layer ")))
            .Directory("usr/sbin")
            .File("usr/sbin/pinger", Encoding.UTF8.GetBytes(Filler("a file with a capability ")), 0x1ED,
                new Dictionary<string, string> { ["security.capability"] = "demo-capability" })
            .Directory("etc")
            .Directory("boot")
            .Directory("boot/EFI")
            .Directory("boot/EFI/Linux")
            .Directory("run")
            .ToArray();
    }

    private static byte[] WhiteoutLayer() => new LayerTar()
        .File(Path.GetDirectoryName(Deleted) + "/.wh." + Path.GetFileName(Deleted), [])
        .ToArray();

    private static string Filler(string phrase) => string.Concat(Enumerable.Repeat(phrase, 40));

    /// <summary>The verity deploy gives the image of these layers, committed in a scratch repository.</summary>
    private static string BootVerity(List<byte[]> layers, string work, string created,
        Dictionary<string, string> labels)
    {
        string layout = Path.Combine(work, "pre-layout");
        Layout(layout, layers, "pre", created, labels);
        var init = ComposefsRepository.Init(Path.Combine(work, "scratch-repository"), FsVerityAlgorithm.Sha512);
        using var repository = init.Repository;
        var image = OciImporter.Import(repository, OciImageReference.Parse($"oci:{layout}:pre"), "pre").Image;
        return RootfsImage.CommitTree(repository, OciRepository.ImageTree(repository, image).ToFsDirectory());
    }

    /// <summary>
    /// Writes the layout; the other tags an existing index.json has stay (OciLayoutWriter writes one tag), an older
    /// manifest of the same tag goes.
    /// </summary>
    private static string Layout(string layout, List<byte[]> layers, string tag, string created,
        Dictionary<string, string> labels)
    {
        string index = Path.Combine(layout, "index.json");
        var previous = File.Exists(index) ? JsonNode.Parse(File.ReadAllText(index))!["manifests"]!.AsArray() : null;
        var writer = new OciLayoutWriter(layout);
        foreach (var layer in layers) writer.AddLayer(layer, "gzip");
        string digest = writer.Finish(tag, labels, created);
        if (previous is null) return digest;
        var current = JsonNode.Parse(File.ReadAllText(index))!;
        foreach (var old in previous.ToList())
        {
            if (old!["annotations"]?["org.opencontainers.image.ref.name"]?.GetValue<string>() == tag) continue;
            current["manifests"]!.AsArray().Add(old.DeepClone());
        }
        File.WriteAllText(index, current.ToJsonString());
        return digest;
    }

    private static byte[] GnuTar(string directory, string work)
    {
        string output = Path.Combine(work, "release.tar");
        ExternalProgram.Run(Oracle.FindTool("tar") ?? "tar", work, null,
            ["--xattrs", "--xattrs-include=*", "--format=pax", "--numeric-owner", "--owner=0", "--group=0",
                "-C", directory, "-cf", output, "."]).Succeeded();
        return File.ReadAllBytes(output);
    }
}
