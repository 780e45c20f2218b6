using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Oci;

/// <summary>
/// An image built once without a registry: GNU tar layers of a rootfs with a kernel and initramfs under
/// /usr/lib/modules, a hardlink, a symlink, user.*, trusted.* and security.capability xattrs and a /run entry; a
/// second layer whites out /etc/old.conf; a third makes /opt/data opaque with a new file. Saved as an OCI layout
/// (tag "t"), copied to an OCI archive by skopeo, and unpacked by umoci for comparison. Tag "u" adds a zstd layer.
/// </summary>
public sealed class UmociImageFixture : IDisposable
{
    public const string KernelVersion = "6.1.0-test";
    private readonly TempDir _temp = new();

    private readonly Lazy<bool> _built;

    public UmociImageFixture() => _built = new Lazy<bool>(Build);

    /// <summary>
    /// Builds the images on first use (a test that needs them is skipped where the tools are missing).
    /// </summary>
    public UmociImageFixture Require()
    {
        Oracle.RequireTools("umoci", "skopeo", "setfattr", "setcap", "tar");
        Oracle.RequireRoot();
        _ = _built.Value;
        return this;
    }

    private bool Build()
    {
        string root = _temp.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, "usr/lib/modules", KernelVersion));
        Directory.CreateDirectory(Path.Combine(root, "usr/bin"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "opt/data"));
        Directory.CreateDirectory(Path.Combine(root, "run/lock"));
        File.WriteAllBytes(Path.Combine(root, "usr/lib/modules", KernelVersion, "vmlinuz"), Bytes(6000, 1));
        File.WriteAllBytes(Path.Combine(root, "usr/lib/modules", KernelVersion, "initramfs.img"), Bytes(9000, 2));
        File.WriteAllBytes(Path.Combine(root, "usr/bin/tool"), Bytes(1000, 3));
        Run("ln", Path.Combine(root, "usr/bin/tool"), Path.Combine(root, "usr/bin/tool-link"));
        Run("ln", "-s", "tool", Path.Combine(root, "usr/bin/tool-symlink"));
        File.WriteAllText(Path.Combine(root, "etc/hostname"), "host\n");
        File.WriteAllText(Path.Combine(root, "etc/old.conf"), "old\n");
        File.WriteAllText(Path.Combine(root, "opt/data/a"), "a\n");
        File.WriteAllText(Path.Combine(root, "run/lock/x"), "x\n");
        Run("setfattr", "-n", "user.test", "-v", "hello", Path.Combine(root, "usr/bin/tool"));
        Run("setfattr", "-n", "trusted.test", "-v", "tv", Path.Combine(root, "etc/hostname"));
        Run("setcap", "cap_net_raw+ep", Path.Combine(root, "usr/bin/tool"));
        string whiteout = _temp.Combine("whiteout");
        Directory.CreateDirectory(Path.Combine(whiteout, "etc"));
        File.WriteAllBytes(Path.Combine(whiteout, "etc/.wh.old.conf"), []);
        string opaque = _temp.Combine("opaque");
        Directory.CreateDirectory(Path.Combine(opaque, "opt/data"));
        File.WriteAllBytes(Path.Combine(opaque, "opt/data/.wh..wh..opq"), []);
        File.WriteAllText(Path.Combine(opaque, "opt/data/c"), "c\n");
        string extra = _temp.Combine("extra");
        Directory.CreateDirectory(Path.Combine(extra, "usr/share/extra"));
        File.WriteAllBytes(Path.Combine(extra, "usr/share/extra/extra.bin"), Bytes(3000, 4));

        // Layers are written by GNU tar (PAX, with xattrs); umoci 0.4's own layer writer truncates its gzip output.
        Layout = _temp.Combine("layout");
        var labels = new Dictionary<string, string> { ["org.opencontainers.image.version"] = "42.1" };
        byte[][] layers = [Tar(root), Tar(whiteout), Tar(opaque)];
        var t = new OciLayoutWriter(Layout);
        t.AddLayer(layers[0], "gzip");
        t.AddLayer(layers[1], "none");
        t.AddLayer(layers[2], "gzip");
        t.Finish("t", labels);
        string indexT = File.ReadAllText(Path.Combine(Layout, "index.json"));
        var u = new OciLayoutWriter(Layout);
        u.AddLayer(layers[0], "gzip");
        u.AddLayer(layers[1], "none");
        u.AddLayer(layers[2], "gzip");
        u.AddLayer(Tar(extra), "zstd");
        u.Finish("u", labels);
        MergeIndexes(Path.Combine(Layout, "index.json"), indexT);
        Archive = _temp.Combine("image.tar");
        Run("skopeo", "copy", "--quiet", "oci:" + Layout + ":t", "oci-archive:" + Archive + ":t");
        Unpacked = _temp.Combine("bundle");
        Run("umoci", "unpack", "--image", Layout + ":t", Unpacked);
        return true;
    }

    public string Layout { get; private set; } = "";
    public string Archive { get; private set; } = "";

    /// <summary>umoci's bundle of tag "t"; the files are in rootfs/.</summary>
    public string Unpacked { get; private set; } = "";

    /// <summary>A directory for a test's own files, removed with the fixture.</summary>
    public string NewDirectory(string name)
    {
        string path = _temp.Combine("work-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    private byte[] Tar(string directory)
    {
        string output = _temp.Combine(Path.GetFileName(directory) + ".tar");
        Run("tar", "--xattrs", "--xattrs-include=*", "--format=pax", "--numeric-owner", "-C", directory, "-cf",
            output, ".");
        return File.ReadAllBytes(output);
    }

    /// <summary>Puts the manifests of two index.json files (tags t and u) into the first.</summary>
    private static void MergeIndexes(string index, string other)
    {
        var merged = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(index))!;
        var extraManifests = System.Text.Json.Nodes.JsonNode.Parse(other)!["manifests"]!.AsArray();
        foreach (var manifest in extraManifests.ToList())
        {
            extraManifests.Remove(manifest);
            merged["manifests"]!.AsArray().Add(manifest);
        }
        File.WriteAllText(index, merged.ToJsonString());
    }

    private static byte[] Bytes(int count, int seed)
    {
        var data = new byte[count];
        new Random(seed).NextBytes(data);
        return data;
    }

    private void Run(string program, params string[] arguments) =>
        ExternalProgram.Run(Oracle.FindTool(program) ?? program, _temp.Path, null, arguments).Succeeded();

    public void Dispose() => _temp.Dispose();
}
