using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests;

/// <summary>`composefs create-image --erofs-version`: the layout chosen, or the repository's by default.</summary>
public sealed class ErofsVersionCliTests : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    private string Repo => _work.Combine("repo");

    private CliResult Cfs(params string[] args) => CliRunner.Run(["composefs", "--repo", Repo, .. args]);

    private string MakeTree()
    {
        string source = _work.Combine("tree");
        Directory.CreateDirectory(Path.Combine(source, "usr"));
        File.WriteAllText(Path.Combine(source, "usr", "big"), new string('x', 5000));
        File.WriteAllText(Path.Combine(source, "usr", "small"), "tiny");
        return source;
    }

    /// <summary>The composefs_version of the image an id names (1 for V1, 2 for V2).</summary>
    private uint HeaderVersion(string id)
    {
        string hex = id.Trim()[(id.IndexOf(':') + 1)..].Trim();
        byte[] image = File.ReadAllBytes(Path.Combine(Repo, "images", hex));
        return BitConverter.ToUInt32(image, 12);
    }

    [Fact]
    public void A_new_repository_writes_v1_and_the_option_picks_either_layout()
    {
        Assert.Equal(0, Cfs("init").ExitCode);
        string tree = MakeTree();
        var byDefault = Cfs("create-image", tree);
        var v1 = Cfs("create-image", tree, "--erofs-version", "1");
        var v2 = Cfs("create-image", tree, "--erofs-version", "2");
        Assert.Equal(0, byDefault.ExitCode);
        Assert.Equal(byDefault.Stdout, v1.Stdout);
        Assert.NotEqual(v1.Stdout, v2.Stdout);
        Assert.Equal(1u, HeaderVersion(v1.Stdout));
        Assert.Equal(2u, HeaderVersion(v2.Stdout));
    }

    [Fact]
    public void A_legacy_repository_without_formats_writes_v2_by_default()
    {
        Directory.CreateDirectory(Repo);
        File.WriteAllText(Path.Combine(Repo, "meta.json"), "{\"version\": 1, \"algorithm\": \"fsverity-sha512-12\"}");
        var created = Cfs("create-image", MakeTree());
        Assert.Equal(0, created.ExitCode);
        Assert.Equal(2u, HeaderVersion(created.Stdout));
    }

    [Fact]
    public void Other_versions_are_usage_errors()
    {
        Assert.Equal(2, Cfs("create-image", MakeTree(), "--erofs-version", "0").ExitCode);
    }
}
