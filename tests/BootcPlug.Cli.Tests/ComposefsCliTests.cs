using System.Text.Json;
using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests;

/// <summary>End-to-end runs of `bootcplug composefs ...` against real files in a temp directory.</summary>
public sealed class ComposefsCliTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(),
        "bootcplug-cli-cfs-" + Guid.NewGuid().ToString("N")[..12]);

    public ComposefsCliTests() => Directory.CreateDirectory(_work);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Repo => Path.Combine(_work, "repo");

    private CliResult Cfs(params string[] args) => CliRunner.Run(["composefs", "--repo", Repo, .. args]);

    private string MakeTree()
    {
        string source = Path.Combine(_work, "tree");
        Directory.CreateDirectory(Path.Combine(source, "usr", "bin"));
        File.WriteAllText(Path.Combine(source, "usr", "bin", "hello"), new string('x', 131072));
        File.WriteAllText(Path.Combine(source, "usr", "small"), "tiny");
        File.WriteAllText(Path.Combine(source, "usr", "bin", "other"), new string('y', 100));
        return source;
    }

    [Fact]
    public void Init_is_idempotent_and_refuses_another_algorithm()
    {
        var first = Cfs("init");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"Initialized composefs repository at {Repo}", first.Stdout);
        Assert.Contains("algorithm: fsverity-sha512-12", first.Stdout);
        Assert.Contains("\"algorithm\": \"fsverity-sha512-12\"", File.ReadAllText(Path.Combine(Repo, "meta.json")));
        Assert.Contains("already initialized", Cfs("init").Stdout);
        var other = Cfs("init", "--algorithm", "sha256");
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("meta.json", other.Stderr);
    }

    [Fact]
    public void Repo_defaults_to_sysroot_composefs_under_root()
    {
        string root = Path.Combine(_work, "host");
        Directory.CreateDirectory(root);
        var result = CliRunner.Run("--root", root, "composefs", "init", "--algorithm", "sha256");
        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(root, "sysroot", "composefs", "meta.json")));
        // digest follows the repository's algorithm when there is one.
        string file = Path.Combine(_work, "hello");
        File.WriteAllText(file, "hello world");
        var digest = CliRunner.Run("composefs", "--root", root, "digest", file);
        Assert.Equal($"sha256:1e2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64 {file}\n",
            digest.Stdout);
    }

    [Fact]
    public void Digest_prints_fsverity_utils_lines_and_fails_on_missing_files()
    {
        string file = Path.Combine(_work, "hello");
        File.WriteAllText(file, "hello world");
        string empty = Path.Combine(_work, "empty");
        File.WriteAllText(empty, "");
        var sha512 = Cfs("digest", file, empty);
        Assert.Equal(0, sha512.ExitCode);
        Assert.Equal(
            "sha512:18430270729d162d4e469daca123ae61893db4b0583d8f7081e3bf4f92b88ba514e7982f10733fb6aa895195c5ae8fd" +
                $"2eb2c47a8be05513ce5a0c51a6f570409 {file}\n" +
            "sha512:ccf9e5aea1c2a64efa2f2354a6024b90dffde6bbc017825045dce374474e13d10adb9dadcc6ca8e17a3c075fbd31336" +
                $"e8f266ae6fa93a6c3bed66f9e784e5abf {empty}\n",
            sha512.Stdout);
        var sha256 = Cfs("digest", "--algorithm", "sha256", file);
        Assert.StartsWith("sha256:1e2eaa42", sha256.Stdout);
        var missing = Cfs("digest", Path.Combine(_work, "nope"), file);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope", missing.Stderr);
        Assert.Contains(file, missing.Stdout);
        Assert.Equal(2, Cfs("digest", "--algorithm", "md5", file).ExitCode);
    }

    [Fact]
    public void Digest_of_many_files_is_whole_and_equal_with_either_hash_backend()
    {
        var files = Enumerable.Range(0, 300).Select(i =>
        {
            string path = Path.Combine(_work, $"file-{i:D3}");
            File.WriteAllBytes(path, Enumerable.Range(0, i * 97).Select(b => (byte)(b * 7 + i)).ToArray());
            return path;
        }).ToArray();
        var openSsl = Cfs(["digest", "--algorithm", "sha256", .. files]);
        var dotnet = CliRunner.RunWithEnvironment(null,
            new Dictionary<string, string> { ["BOOTCPLUG_DIGEST_BACKEND"] = "dotnet" },
            ["composefs", "--repo", Repo, "digest", "--algorithm", "sha256", .. files]);
        Assert.Equal(0, openSsl.ExitCode);
        var lines = openSsl.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files, lines.Select(line => line[(line.IndexOf(' ') + 1)..]));
        Assert.Equal(files.Length, lines.Select(line => line[..line.IndexOf(' ')]).Distinct().Count());
        Assert.Equal(openSsl.Stdout, dotnet.Stdout);
    }

    [Fact]
    public void Digest_of_a_directory_names_it_and_fails()
    {
        string file = Path.Combine(_work, "hello");
        File.WriteAllText(file, "hello world");
        var result = Cfs("digest", _work, file);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"bootcplug: {_work}: not a regular file\n", result.Stderr);
        Assert.EndsWith($" {file}\n", result.Stdout);
    }

    [Fact]
    public void Objects_of_a_large_image_are_the_files_digests_each_once_in_order()
    {
        string source = Path.Combine(_work, "many");
        var files = new List<string>();
        for (int i = 0; i < 400; i++)
        {
            string dir = Path.Combine(source, $"d{i % 7}");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, $"f{i}");
            // Every tenth file has the content of f1: one object, listed once.
            int content = i % 10 == 0 ? 1 : i;
            File.WriteAllText(file, $"content {content} " + new string('z', 100 + content));
            files.Add(file);
        }
        Assert.Equal(0, Cfs("init").ExitCode);
        Assert.Equal(0, Cfs("create-image", source, "many").ExitCode);

        var listed = Cfs("objects", "many").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = Cfs(["digest", .. files]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line["sha512:".Length..line.IndexOf(' ')]).Distinct().Order(StringComparer.Ordinal)
                .ToArray();
        Assert.Equal(360, expected.Length);
        Assert.Equal(expected, listed);
    }

    [Fact]
    public void Create_image_objects_and_gc_round_trip()
    {
        Assert.Equal(0, Cfs("init").ExitCode);
        var created = Cfs("create-image", MakeTree(), "my-image");
        Assert.Equal(0, created.ExitCode);
        Assert.Matches("^sha512:[0-9a-f]{128}\n$", created.Stdout);
        string hex = created.Stdout.Trim()["sha512:".Length..];

        var byName = Cfs("objects", "my-image");
        Assert.Equal(0, byName.ExitCode);
        var objectLines = byName.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, objectLines.Length);
        Assert.All(objectLines, line => Assert.Matches("^[0-9a-f]{128}$", line));
        Assert.Equal(byName.Stdout, Cfs("objects", "refs/my-image").Stdout);
        Assert.Equal(byName.Stdout, Cfs("objects", hex).Stdout);
        string imagePath = Path.Combine(Repo, "objects", hex[..2], hex[2..]);
        Assert.Equal(byName.Stdout, CliRunner.Run("composefs", "objects", imagePath).Stdout);

        var dry = Cfs("gc", "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("Dry run", dry.Stdout);
        Assert.Contains("Objects: 0 removed", dry.Stdout);
        Assert.Equal(byName.Stdout, Cfs("objects", "refs/my-image").Stdout);

        File.Delete(Path.Combine(Repo, "images", "refs", "my-image"));
        var dryJson = JsonDocument.Parse(Cfs("gc", "--dry-run", "--json").Stdout).RootElement;
        var real = Cfs("gc", "--json");
        Assert.Equal(0, real.ExitCode);
        var realJson = JsonDocument.Parse(real.Stdout).RootElement;
        Assert.Equal(3, realJson.GetProperty("objectsRemoved").GetInt64());
        Assert.Equal(1, realJson.GetProperty("imagesPruned").GetInt64());
        Assert.True(realJson.GetProperty("dryRun").GetBoolean() == false && dryJson.GetProperty("dryRun").GetBoolean());
        foreach (var key in new[] { "objectsRemoved", "bytesFreed", "imagesPruned", "streamsPruned" })
            Assert.Equal(dryJson.GetProperty(key).GetInt64(), realJson.GetProperty(key).GetInt64());
        Assert.Contains("Objects: 0 removed", Cfs("gc").Stdout);
        Assert.Equal(1, Cfs("objects", "my-image").ExitCode);
    }

    [Fact]
    public void Additional_root_keeps_an_unreferenced_image()
    {
        Cfs("init");
        string hex = Cfs("create-image", MakeTree()).Stdout.Trim()["sha512:".Length..];
        var kept = Cfs("gc", "--additional-root", hex);
        Assert.Equal(0, kept.ExitCode);
        Assert.Contains("Objects: 0 removed", kept.Stdout);
        var removed = Cfs("gc");
        Assert.Contains("Objects: 3 removed", removed.Stdout);
        Assert.Contains("Pruned symlinks: 1 images, 0 streams", removed.Stdout);
        var unknown = Cfs("gc", "--additional-root", "nothing-by-this-name");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nothing-by-this-name", unknown.Stderr);
    }

    [Fact]
    public void Gc_without_metadata_fails_and_dangling_ref_deletes_nothing()
    {
        Directory.CreateDirectory(Repo);
        var bare = Cfs("gc");
        Assert.Equal(1, bare.ExitCode);
        Assert.Contains("meta.json", bare.Stderr);
        Directory.CreateDirectory(Path.Combine(Repo, "objects"));
        Assert.Equal(1, Cfs("gc").ExitCode);

        Directory.Delete(Repo, recursive: true);
        Cfs("init");
        Cfs("create-image", MakeTree(), "keep");
        File.Delete(Path.Combine(Repo, "images", "refs", "keep"));
        Directory.CreateDirectory(Path.Combine(Repo, "images", "refs"));
        File.CreateSymbolicLink(Path.Combine(Repo, "images", "refs", "dangling"), "../" + new string('a', 128));
        int before = Directory.EnumerateFiles(Path.Combine(Repo, "objects"), "*", SearchOption.AllDirectories).Count();
        var gc = Cfs("gc");
        Assert.Equal(1, gc.ExitCode);
        Assert.Contains("images/refs/dangling", gc.Stderr);
        Assert.Equal(before,
            Directory.EnumerateFiles(Path.Combine(Repo, "objects"), "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public void Fsck_reports_ok_then_a_corrupt_object()
    {
        Cfs("init");
        Cfs("create-image", MakeTree(), "img");
        var ok = Cfs("fsck");
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("status: ok", ok.Stdout);
        Assert.Contains("images: 1 checked", ok.Stdout);
        string victim = Directory.EnumerateFiles(Path.Combine(Repo, "objects"), "*", SearchOption.AllDirectories)
            .First(f => new FileInfo(f).Length == 131072);
        File.WriteAllText(victim, new string('z', 131072));
        var bad = Cfs("fsck");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("corrupt-object", bad.Stdout);
        var json = JsonDocument.Parse(Cfs("fsck", "--json").Stdout).RootElement;
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal(1, json.GetProperty("objectsCorrupted").GetInt32());
    }

    [Fact]
    public void Objects_of_a_corrupt_image_file_names_the_file()
    {
        string image = Path.Combine(_work, "garbage.img");
        File.WriteAllBytes(image, new byte[2048]);
        var result = CliRunner.Run("composefs", "objects", image);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("garbage.img", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public void Readers_of_an_old_format_repository_write_nothing()
    {
        Cfs("init");
        Cfs("create-image", MakeTree(), "img");
        File.Delete(Path.Combine(Repo, "meta.json"));
        var before = Directory.EnumerateFileSystemEntries(Repo, "*", SearchOption.AllDirectories).Order().ToList();

        var fsck = Cfs("fsck");
        Assert.True(fsck.ExitCode == 0, fsck.Stderr);
        Assert.Contains("images: 1 checked", fsck.Stdout);
        var objects = Cfs("objects", "img");
        Assert.True(objects.ExitCode == 0, objects.Stderr);
        Assert.NotEmpty(objects.Stdout);
        Assert.Equal(before,
            Directory.EnumerateFileSystemEntries(Repo, "*", SearchOption.AllDirectories).Order().ToList());
        Assert.False(File.Exists(Path.Combine(Repo, "meta.json")));
    }
}
