using System.Text.Json;
using BootcPlug.Cli.Schemas;
using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// The composefs verbs on a host's repository (`--root`, or a `--repo` whose sysroot holds state/deploy): gc refuses
/// and points to the host's gc, fsck reports deployments whose image or objects are gone, status warns about them;
/// on a plain repository the verbs behave as before. Also: the leftovers of killed writers, counted and removed.
/// </summary>
public sealed class HostRepositoryTests : IDisposable
{
    private const string Lock = "run/bootcplug.lock";
    private readonly TestHost _host = new(new HostConfig("grub", Uki: false));
    private readonly string _rollback, _booted;

    public HostRepositoryTests()
    {
        _rollback = _host.Deploy(new DemoRelease(1, "6.1.0-demo"));
        _host.BootInto(_rollback);
        _booted = _host.Deploy(new DemoRelease(2, "6.1.0-demo"));
        _host.BootInto(_booted);
    }

    public void Dispose() => _host.Dispose();

    private string Repository => _host.Paths.Repository;

    [Fact]
    public void Composefs_gc_refuses_a_host_repository_however_it_is_named()
    {
        File.WriteAllText(Path.Combine(Repository, "objects", ".tmp-0123456789abcdef"), "partial");
        var before = DiskSnapshot.Take(_host.Root, Lock);
        foreach (var args in new[]
        {
            new[] { "--root", _host.Root, "composefs", "gc" },
            ["--root", _host.Root, "composefs", "gc", "--dry-run"],
            ["composefs", "--repo", Repository, "gc"],
            ["composefs", "--repo", Repository, "gc", "--json"],
        })
        {
            var result = CliRunner.Run(args);
            Assert.True(result.ExitCode == 1,
                $"{string.Join(' ', args)}: exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
            string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"bootcplug: {Repository}: ", line);
            Assert.Contains($"bootcplug --root {_host.Root} gc", line);
            Assert.Empty(result.Stdout);
        }
        DiskSnapshot.AssertUnchanged(before, _host.Root, Lock);
    }

    [Fact]
    public void Composefs_gc_on_a_plain_repository_collects_and_removes_leftovers()
    {
        string plain = Path.Combine(_host.Root, "plain");
        Assert.Equal(0, CliRunner.Run("composefs", "--repo", plain, "init").ExitCode);
        string tree = Path.Combine(_host.Root, "tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "data"), new string('x', 10000));
        Assert.Equal(0, CliRunner.Run("composefs", "--repo", plain, "create-image", tree).ExitCode);
        string leftover = Path.Combine(plain, "objects", ".tmp-fedcba9876543210");
        File.WriteAllText(leftover, "partial");

        // --root names a host, but --repo a plain repository elsewhere: the plain one is collected.
        var dry = CliRunner.Run("--root", _host.Root, "composefs", "--repo", plain, "gc", "--dry-run", "--json");
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        var real = CliRunner.Run("composefs", "--repo", plain, "gc", "--json");
        Assert.True(real.ExitCode == 0, real.Stderr);
        foreach (var json in new[] { dry.Stdout, real.Stdout })
        {
            var document = JsonDocument.Parse(json).RootElement;
            Assert.Equal(2, document.GetProperty("objectsRemoved").GetInt64());   // the unreferenced image and its data
            Assert.Equal(1, document.GetProperty("leftoversRemoved").GetInt64());
            Assert.Equal(7, document.GetProperty("leftoverBytesFreed").GetInt64());
        }
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Composefs_fsck_reports_each_deployment_whose_image_or_objects_are_missing()
    {
        Assert.Equal(0, CliRunner.Run("--root", _host.Root, "composefs", "fsck").ExitCode);

        // What `composefs gc` did to a host before it refused: every deployment's link, image and objects gone.
        File.Delete(Path.Combine(Repository, "images", _booted));
        foreach (var hex in new[] { _booted, _rollback })
            File.Delete(Path.Combine(Repository, "objects", hex[..2], hex[2..]));

        foreach (var args in new[] { new[] { "--root", _host.Root, "composefs", "fsck" },
            ["composefs", "--repo", Repository, "fsck"] })
        {
            var result = CliRunner.Run(args);
            Assert.Equal(1, result.ExitCode);
            Assert.DoesNotContain("status: ok", result.Stdout);
            Assert.Contains($"deployment {_booted}: {Path.Combine(Repository, "images", _booted)}: missing",
                result.Stdout);
            Assert.Contains(
                $"deployment {_rollback}: {Path.Combine(Repository, "objects", _rollback[..2], _rollback[2..])}: " +
                    "image object is missing", result.Stdout);
        }
        var json = JsonDocument.Parse(
            CliRunner.Run("--root", _host.Root, "composefs", "fsck", "--json").Stdout).RootElement;
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal(2,
            json.GetProperty("errors").EnumerateArray()
            .Count(e => e.GetProperty("type").GetString() == "deployment-image"));
    }

    [Fact]
    public void Status_warns_about_a_deployment_whose_objects_are_missing_and_stays_schema_valid()
    {
        Assert.DoesNotContain("Warnings:", _host.Cli("status", "--format", "humanreadable").Stdout);
        string onlyRollback = _host.ObjectPathOf("usr/share/demo/release-1.txt", new DemoRelease(1, "6.1.0-demo"));
        File.Delete(onlyRollback);
        string warning = $"deployment {_rollback}: {Path.Combine(Repository, "images", _rollback)}: names object " +
            $"{onlyRollback}, which is missing";

        var json = _host.Cli("status", "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Contains("warning: " + warning, json.Stderr);
        Assert.Equal(_rollback, _host.Status().Status.Rollback.Verity());   // validated against host-v1

        var text = _host.Cli("status", "--format", "humanreadable");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Warnings:\n  " + warning, text.Stdout);
    }

    [Fact]
    public void Host_gc_counts_exactly_the_leftovers_it_removes()
    {
        string objects = Path.Combine(Repository, "objects");
        string subdirectory = Directory.GetDirectories(objects).Order(StringComparer.Ordinal).First();
        string[] leftovers = [Path.Combine(objects, ".tmp-00112233445566ff"),
            Path.Combine(subdirectory, ".tmp-aabbccddeeff0011")];
        foreach (var path in leftovers) File.WriteAllText(path, "12345");
        // Near misses stay: a short name, upper case, a directory and a symlink with the exact name.
        string[] kept = [Path.Combine(objects, ".tmp-0011"), Path.Combine(objects, ".tmp-00112233445566FF"),
            Path.Combine(subdirectory, ".tmp-ffffffffffffffff"), Path.Combine(objects, ".tmp-1111111111111111")];
        File.WriteAllText(kept[0], "x");
        File.WriteAllText(kept[1], "x");
        Directory.CreateDirectory(kept[2]);
        File.CreateSymbolicLink(kept[3], leftovers[0]);

        var validator = DocumentValidator.FromText(ShippedSchemas.Read("gc-report")!, "gc-report");
        foreach (var args in new[] { new[] { "gc", "--dry-run", "--json" }, ["gc", "--json"] })
        {
            var result = _host.Cli(args);
            Assert.True(result.ExitCode == 0, result.Stderr);
            using var document = JsonDocument.Parse(result.Stdout);
            Assert.Empty(validator.Validate(document.RootElement));
            var tally = document.RootElement.GetProperty("leftovers");
            Assert.Equal(2, tally.GetProperty("count").GetInt64());
            Assert.Equal(10, tally.GetProperty("bytes").GetInt64());
        }
        Assert.All(leftovers, path => Assert.False(File.Exists(path)));
        Assert.All(kept, path => Assert.True(Path.Exists(path) || new FileInfo(path).LinkTarget is not null));
        Assert.Equal(0,
            JsonDocument.Parse(_host.Cli("gc", "--json").Stdout).RootElement.GetProperty("leftovers")
            .GetProperty("count").GetInt64());
    }

    [Fact]
    public void Status_checks_the_images_of_an_old_format_repository_and_writes_nothing()
    {
        File.Delete(Path.Combine(Repository, "meta.json"));
        string image = Path.Combine(Repository, "images", _rollback);
        File.Delete(image);
        var before = DiskSnapshot.Take(_host.Root, Lock);
        var status = _host.Cli("status", "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains($"deployment {_rollback}: {image}", status.Stderr);
        Assert.DoesNotContain("cannot open the repository", status.Stderr);
        DiskSnapshot.AssertUnchanged(before, _host.Root, Lock);
    }
}
