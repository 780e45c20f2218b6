using BootcPlug.Bootloaders;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// Doubt about a live deployment (its image link, its image, the objects it names) stops gc and delete-deployment
/// as a whole: exit 1, one message naming the deployment and the file, and not one byte changed on disk, even
/// though the host holds garbage (a dead state dir, an unused object, a writer's leftover) a trusting GC would take.
/// </summary>
public sealed class GcDoubtTests
{
    public enum Doubt { LinkMissing, LinkRetargeted, ImageMissing, ImageTruncated, ByteFlipped, NamedObjectMissing }

    public enum Role { Booted, Rollback, Staged }

    private static readonly DemoRelease V1 = new(1, "6.1.0-demo"), V2 = new(2, "6.1.0-demo"), V3 = new(3, "6.2.0-demo");
    private const string Lock = "run/bootcplug.lock";

    /// <summary>The four of the lifecycle tests and grub-cc.</summary>
    public static TheoryData<string, bool> Configurations
    {
        get
        {
            var data = LifecycleTests.Configurations;
            data.Add("grub-cc", false);
            return data;
        }
    }

    private sealed record Demo(TestHost Host, string Rollback, string Booted, string Staged) : IDisposable
    {
        public string Of(Role role) => role switch { Role.Booted => Booted, Role.Rollback => Rollback, _ => Staged };

        public void Dispose() => Host.Dispose();
    }

    /// <summary>v1 rollback, v2 booted, v3 staged, plus garbage: a dead deployment's state dir, an object no image
    /// names, a partial object.</summary>
    private static Demo Prepare(string bootloader, bool uki)
    {
        var host = new TestHost(new HostConfig(bootloader, uki));
        string v1 = host.Deploy(V1);
        host.BootInto(v1);
        string v2 = host.Deploy(V2);
        host.BootInto(v2);
        string v3 = host.Deploy(V3, stage: true);
        string dead = new string('d', 128);
        Directory.CreateDirectory(host.Paths.StateDir(dead));
        File.WriteAllText(Path.Combine(host.Paths.StateDir(dead), dead + ".origin"), "[origin]\n");
        byte[] garbage = [.. "an object nothing names"u8];
        string garbagePath = ObjectPath(host, FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, garbage).ToHex());
        Directory.CreateDirectory(Path.GetDirectoryName(garbagePath)!);
        File.WriteAllBytes(garbagePath, garbage);
        File.WriteAllText(Path.Combine(host.Paths.Repository, "objects", ".tmp-0123456789abcdef"), "partial");
        return new Demo(host, v1, v2, v3);
    }

    private static string ObjectPath(TestHost host, string hex)
        => Path.Combine(host.Paths.Repository, "objects", hex[..2], hex[2..]);

    private static string LinkPath(TestHost host, string verity)
        => Path.Combine(host.Paths.Repository, "images", verity);

    private static HashSet<ObjectId> Named(TestHost host, string verity) =>
        ImageObjectReferences.CollectFile(ObjectPath(host, verity), FsVerityAlgorithm.Sha512);

    /// <summary>Puts the doubt on <paramref name="verity"/>'s image; returns the file the refusal must name.</summary>
    private static string Apply(Demo demo, Doubt doubt, string verity)
    {
        var host = demo.Host;
        string link = LinkPath(host, verity), image = ObjectPath(host, verity);
        switch (doubt)
        {
            case Doubt.LinkMissing:
                File.Delete(link);
                return link;
            case Doubt.LinkRetargeted:
                string other = new[] { demo.Rollback, demo.Booted, demo.Staged }.First(v => v != verity);
                File.Delete(link);
                File.CreateSymbolicLink(link, $"../objects/{other[..2]}/{other[2..]}");
                return link;
            case Doubt.ImageMissing:
                File.Delete(image);
                return image;
            case Doubt.ImageTruncated:
                using (var stream = new FileStream(image, FileMode.Open)) stream.SetLength(stream.Length / 2);
                return image;
            case Doubt.ByteFlipped:
                byte[] bytes = File.ReadAllBytes(image);
                bytes[bytes.Length / 2] ^= 0x01;
                File.WriteAllBytes(image, bytes);
                return image;
            default:
                // An object only this image names, so that no other root can be the one reported.
                var others = new[] { demo.Rollback, demo.Booted, demo.Staged }.Where(v => v != verity)
                    .SelectMany(v => Named(host, v)).ToHashSet();
                var own = Named(host, verity).Where(id => !others.Contains(id))
                    .OrderBy(id => id.ToHex(), StringComparer.Ordinal).First();
                string path = ObjectPath(host, own.ToHex());
                File.Delete(path);
                return path;
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Gc_refuses_every_doubt_about_every_live_deployment_and_changes_nothing(string bootloader, bool uki)
    {
        using var template = Prepare(bootloader, uki);
        foreach (var doubt in Enum.GetValues<Doubt>())
        foreach (var role in Enum.GetValues<Role>())
        {
            using var host = template.Host.Copy();
            var demo = template with { Host = host };
            string verity = demo.Of(role);
            string file = Apply(demo, doubt, verity);
            var before = DiskSnapshot.Take(host.Root);
            foreach (bool dryRun in new[] { true, false })
            {
                var refusal = Record.Exception(() => host.Gc(dryRun));
                Assert.True(refusal is OperationFailedException,
                    $"{doubt} on the {role} deployment (dry run: {dryRun}): expected a refusal, got " +
                        $"{refusal?.ToString() ?? "none"}");
                Assert.True(refusal!.Message.Contains(verity) && refusal.Message.Contains(file),
                    $"{doubt} on the {role} deployment (dry run: {dryRun}): the message must name {verity} and " +
                        $"{file}: {refusal.Message}");
                DiskSnapshot.AssertUnchanged(before, host.Root);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Cli_gc_and_delete_deployment_refuse_with_one_line_and_exit_1(string bootloader, bool uki)
    {
        using var demo = Prepare(bootloader, uki);
        string file = Apply(demo, Doubt.ByteFlipped, demo.Booted);
        var before = DiskSnapshot.Take(demo.Host.Root, Lock);

        AssertRefusedNaming(demo.Host.Cli("gc"), demo.Booted, file);
        AssertRefusedNaming(demo.Host.Cli("gc", "--dry-run"), demo.Booted, file);
        AssertRefusedNaming(demo.Host.Cli("delete-deployment", demo.Rollback), demo.Booted, file);
        DiskSnapshot.AssertUnchanged(before, demo.Host.Root, Lock);
    }

    [Theory]
    [InlineData(Doubt.LinkMissing)]
    [InlineData(Doubt.LinkRetargeted)]
    [InlineData(Doubt.ImageMissing)]
    [InlineData(Doubt.ImageTruncated)]
    [InlineData(Doubt.ByteFlipped)]
    [InlineData(Doubt.NamedObjectMissing)]
    public void Delete_deployment_refuses_before_it_unlinks_anything(Doubt doubt)
    {
        using var demo = Prepare("grub", uki: false);
        // The staged deployment stays live after the rollback is deleted: doubt about it must keep the rollback's
        // entries.
        string file = Apply(demo, doubt, demo.Staged);
        var before = DiskSnapshot.Take(demo.Host.Root, Lock);
        AssertRefusedNaming(demo.Host.Cli("delete-deployment", demo.Rollback), demo.Staged, file);
        AssertRefusedNaming(demo.Host.Cli("delete-deployment", "--dry-run", demo.Rollback), demo.Staged, file);
        DiskSnapshot.AssertUnchanged(before, demo.Host.Root, Lock);
    }

    [Fact]
    public void Doubt_about_the_deployment_being_deleted_does_not_stop_its_deletion()
    {
        using var demo = Prepare("grub", uki: false);
        File.Delete(LinkPath(demo.Host, demo.Rollback));
        var result = demo.Host.Cli("delete-deployment", demo.Rollback);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain(demo.Rollback, demo.Host.StateDirs);
        Assert.False(Directory.Exists(demo.Host.Paths.StateDir(new string('d', 128))));
        Assert.False(File.Exists(Path.Combine(demo.Host.Paths.Repository, "objects", ".tmp-0123456789abcdef")));
        Assert.Contains("Leftover temporary files: 1 removed", result.Stdout);
    }

    /// <summary>Item 13: the guard that refuses when the booted deployment has no entry (disable it and this
    /// fails).</summary>
    [Theory]
    [MemberData(nameof(Configurations))]
    public void Gc_refuses_when_the_booted_deployment_has_no_boot_entry(string bootloader, bool uki)
    {
        using var demo = Prepare(bootloader, uki);
        var bootloaders = demo.Host.Bootloaders;
        foreach (var set in new[] { BootEntrySet.Staged, BootEntrySet.Live })
            bootloaders.Menu.RemoveEntries(bootloaders.Context, DeploymentId.Parse(demo.Booted), set);
        Assert.DoesNotContain(demo.Host.Inventory().Entries.All, e => e.Deployment.Value == demo.Booted);
        var before = DiskSnapshot.Take(demo.Host.Root, Lock);
        foreach (var args in new[] { new[] { "gc" }, ["gc", "--dry-run"] })
        {
            var result = demo.Host.Cli(args);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"the booted deployment {demo.Booted} has no boot entry", result.Stderr);
        }
        DiskSnapshot.AssertUnchanged(before, demo.Host.Root, Lock);
    }

    [Fact]
    public void Delete_deployment_names_a_rejected_entry_and_why()
    {
        using var demo = Prepare("grub", uki: false);
        string entry = Directory.GetFiles(Path.Combine(demo.Host.Paths.BootDir, "loader", "entries"))
            .Single(f => File.ReadAllText(f).Contains("composefs=" + demo.Rollback));
        File.WriteAllLines(entry,
            File.ReadAllLines(entry).Select(l => l.StartsWith("linux ", StringComparison.Ordinal)
                ? "linux /boot/../../../etc/passwd"
                : l));
        var before = DiskSnapshot.Take(demo.Host.Root, Lock);
        foreach (var args in new[] { new[] { "delete-deployment", demo.Rollback },
            ["delete-deployment", "--no-gc", demo.Staged] })
        {
            var result = demo.Host.Cli(args);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains(entry, result.Stderr);
            Assert.Contains("climbs out", result.Stderr);
            Assert.DoesNotContain("'gc' removes", result.Stderr);
        }
        DiskSnapshot.AssertUnchanged(before, demo.Host.Root, Lock);
    }

    private static void AssertRefusedNaming(CliResult result, string verity, string file)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        Assert.Single(lines);
        Assert.StartsWith("bootcplug: ", lines[0]);
        Assert.Contains(verity, lines[0]);
        Assert.Contains(file, lines[0]);
    }
}
