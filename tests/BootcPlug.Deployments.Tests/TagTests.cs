using BootcPlug.Composefs.Repository;
using BootcPlug.Demo;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// bootc roots each deployment's OCI manifest with a `localhost/bootc-&lt;digest&gt;` tag. GC untags the manifests
/// of deployments that are gone (then their streams and objects go), and never touches other tags.
/// </summary>
public sealed class TagTests
{
    private static string TagPath(TestHost host, string tag) =>
        Path.Combine(host.Paths.Repository, "streams", "refs", "oci", tag.Replace("%", "%25").Replace("/", "%2F"));

    /// <summary>A manifest stream holding one object of its own, and a tag pointing at it.</summary>
    private static string AddManifest(TestHost host, string digest, string tag, string content)
    {
        using var repository = ComposefsRepository.Open(host.Paths.Repository);
        var blob = repository.StoreObject(System.Text.Encoding.UTF8.GetBytes(content + new string('.', 200)));
        SplitstreamBuilder.WriteStream(repository, "oci-manifest-" + digest, [blob]);
        string link = TagPath(host, tag);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, "../../oci-manifest-" + digest);
        return repository.ObjectPath(blob);
    }

    [Fact]
    public void Gc_untags_dead_deployments_only_and_dry_run_counts_what_follows()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string b = host.Deploy(new DemoRelease(2, "k-two"));
        string digestA = OriginFile.Read(host.Paths.OriginFile(a))!.ManifestDigest!;
        string digestB = OriginFile.Read(host.Paths.OriginFile(b))!.ManifestDigest!;
        string blobA = AddManifest(host, digestA, "localhost/bootc-" + digestA, "manifest a");
        string blobB = AddManifest(host, digestB, "localhost/bootc-" + digestB, "manifest b");
        string appBlob = AddManifest(host, "sha256:" + new string('7', 64), "quay.io/example/app:1", "an app image");
        Assert.Equal(0ul, host.Gc(dryRun: true).Tags.Count);

        Assert.Equal(0, host.Cli("delete-deployment", b, "--no-gc").ExitCode);
        var dry = host.Gc(dryRun: true);
        Assert.Equal(1ul, dry.Tags.Count);
        Assert.True(File.Exists(TagPath(host, "localhost/bootc-" + digestB)), "a dry run removed a tag");

        var real = host.Gc();
        Assert.Equal(dry.Tags.Count, real.Tags.Count);
        Assert.Equal(dry.Objects.Count, real.Objects.Count);
        Assert.Equal(dry.StreamsPruned, real.StreamsPruned);
        Assert.Equal(1ul, real.StreamsPruned);          // streams/oci-manifest-<b>
        Assert.False(File.Exists(TagPath(host, "localhost/bootc-" + digestB)));
        Assert.False(File.Exists(blobB));
        Assert.True(File.Exists(TagPath(host, "localhost/bootc-" + digestA)));
        Assert.True(File.Exists(blobA));
        Assert.True(File.Exists(TagPath(host, "quay.io/example/app:1")));
        Assert.True(File.Exists(appBlob));
        Assert.Equal(0ul, host.Gc().Tags.Count);
    }

    [Fact]
    public void A_live_deployment_without_a_manifest_digest_keeps_every_tag()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string stale = "sha256:" + new string('3', 64);
        AddManifest(host, stale, "localhost/bootc-" + stale, "unknown");
        // Like a bootc deployment whose origin predates manifest_digest: we cannot tell which tag is its.
        string origin = File.ReadAllText(host.Paths.OriginFile(a));
        File.WriteAllText(host.Paths.OriginFile(a),
            string.Join('\n', origin.Split('\n')
                .Where(l => !l.StartsWith("manifest_digest", StringComparison.Ordinal))));
        var report = host.Gc();
        Assert.Equal(0ul, report.Tags.Count);
        Assert.Contains(report.Kept, k => k.Reason.Contains("no manifest digest"));
        Assert.True(File.Exists(TagPath(host, "localhost/bootc-" + stale)));
    }
}
