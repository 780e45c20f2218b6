using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats.IO;
using BootcPlug.Plugins.Grub;
using BootcPlug.Plugins.SystemdBoot;
using BootcPlug.Plugins.Tests.Support;
using BootcPlug.Plugins.Uki;
using System.Security.Cryptography;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

public class PathSafetyTests
{
    [Theory]
    [InlineData("/EFI/Linux/x/vmlinuz", true)]
    [InlineData("EFI/Linux/x/vmlinuz", true)]
    [InlineData("../../x", false)]
    [InlineData("/EFI/../../../etc/shadow", false)]
    [InlineData("/EFI\\..\\x", false)]
    public void Entry_paths_must_stay_inside_the_partition(string entryPath, bool safe)
    {
        var resolved = PathGuard.Resolve("/esp", entryPath, out var problem);
        Assert.Equal(safe, resolved is not null);
        if (safe) Assert.StartsWith("/esp/", resolved);
        else Assert.Contains(entryPath, problem);
    }

    [Fact]
    public void Systemd_entry_climbing_out_of_the_esp_is_reported_never_listed_and_blocks_deletion()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var backend = new SystemdBootBootloader();
        Deploy(backend, context, Type1Template(VerityA));
        var evil = dir.Write("boot/efi/loader/entries/evil.conf",
            $"title Evil\nversion 1\nlinux ../../sysroot/boot/bootc_composefs-{VerityB}/vmlinuz\noptions composefs={VerityB}\n");
        var listing = backend.ListEntries(context);
        Assert.Equal([VerityA], listing.Live.Select(e => e.Deployment.Value));
        var problem = Assert.Single(listing.Problems);
        Assert.Equal(evil, problem.FilePath);
        Assert.Contains("'..'", problem.Message);
        Assert.Throws<BootFormatException>(() => backend.RemoveEntries(context, DeploymentId.Parse(VerityA), BootEntrySet.Live));
        Assert.True(File.Exists(evil));
    }

    [Fact]
    public void Grub_entry_with_an_absolute_path_outside_the_boot_dir_is_reported()
    {
        using var dir = new TempDir();
        var context = Context(dir, "grub");
        var evil = dir.Write("sysroot/boot/loader/entries/evil.conf",
            $"title Evil\nversion 1\nlinux /etc/bootc_composefs-{VerityB}/vmlinuz\noptions composefs={VerityB}\n");
        var listing = new GrubBootloader().ListEntries(context);
        Assert.Empty(listing.Live);
        Assert.Equal(evil, Assert.Single(listing.Problems).FilePath);
    }

    [Fact]
    public void Grub_chainloader_climbing_out_of_the_esp_is_reported_with_its_line()
    {
        using var dir = new TempDir();
        var context = Context(dir, "grub");
        var cfg = dir.Write("sysroot/boot/grub2/user.cfg",
            $"menuentry \"ok\" {{\nchainloader /EFI/Linux/bootc/bootc_composefs-{VerityA}.efi\n}}\n"
            + "menuentry \"evil\" {\nchainloader /EFI/../../../x.efi\n}\n"
            + "menuentry \"not an id\" {\nchainloader /EFI/Linux/bootc/bootc_composefs-aaa.efi\n}\n");
        var listing = new GrubBootloader().ListEntries(context);
        Assert.Equal([VerityA], listing.Live.Select(e => e.Deployment.Value));
        Assert.Equal([(cfg, (int?)4), (cfg, (int?)7)], listing.Problems.Select(p => (p.FilePath, p.Line)));
        Assert.Contains("does not name a deployment id", listing.Problems[1].Message);
    }

    [Fact]
    public void Symlinked_entries_and_artifacts_are_reported_and_not_followed()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var secret = dir.Write("secret/x.conf", $"title S\nversion 1\nlinux /EFI/Linux/bootc_composefs-{VerityA}/vmlinuz\noptions composefs={VerityA}\n");
        Directory.CreateDirectory(dir["boot/efi/loader/entries"]);
        File.CreateSymbolicLink(dir["boot/efi/loader/entries/link.conf"], secret);
        var listing = new SystemdBootBootloader().ListEntries(context);
        Assert.Empty(listing.Live);
        Assert.Contains("symbolic link", Assert.Single(listing.Problems).Message);

        Directory.CreateDirectory(dir["boot/efi/EFI/Linux/bootc"]);
        var precious = dir.Write("precious/keep", "keep");
        Directory.CreateSymbolicLink(dir["boot/efi/EFI/Linux/bootc_composefs-linked"], dir["precious"]);
        var artifacts = new SystemdBootBootloader().ListArtifacts(context);
        Assert.Empty(artifacts.Artifacts);
        Assert.Single(artifacts.Problems);
        Assert.Throws<IOException>(() => new SystemdBootBootloader().DeleteArtifact(context,
            new BootArtifact(BootArtifactType.Bls, "linked", dir["boot/efi/EFI/Linux/bootc_composefs-linked"])));
        File.CreateSymbolicLink(dir["boot/efi/EFI/Linux/bootc/bootc_composefs-l.efi"], precious);
        Assert.Throws<IOException>(() => new UkiBackend().DeleteArtifact(context,
            new BootArtifact(BootArtifactType.Uki, "l", dir["boot/efi/EFI/Linux/bootc/bootc_composefs-l.efi"])));
        Assert.Equal("keep", File.ReadAllText(precious));
    }

    [Fact]
    public void Artifact_names_that_are_not_one_path_component_are_refused()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        // An installed artifact is named by a DeploymentId, which cannot hold a path.
        Assert.Throws<FormatException>(() => DeploymentId.Parse("../escape"));
        Assert.Throws<ArgumentException>(() => new SystemdBootBootloader().WriteStaged(context, Type1Template(VerityA) with { BootArtifactName = "a/b" }, null));
        Assert.False(Directory.Exists(dir["boot/efi/loader/entries.staged"]));
    }

    /// <summary>Both resolvers: openat2 (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) and the per-component O_NOFOLLOW walk used without it.</summary>
    public static TheoryData<bool> Resolvers => new() { false, true };

    [Theory]
    [MemberData(nameof(Resolvers))]
    public void A_symlink_at_any_level_below_the_root_is_refused_naming_it_and_nothing_is_created_through_it(bool walk)
    {
        NoFollowPaths.ForcePerComponentWalk = walk;
        foreach (var level in new[] { "a", "a/b", "a/b/c" })
        {
            using var dir = new TempDir();
            Directory.CreateDirectory(dir["root/a/b/c"]);
            var canary = LinkToCanary(dir, "root/" + level);
            var before = Fingerprint(canary);
            string link = dir["root/" + level];
            string expected = $"{link}: is a symbolic link; refusing to follow it";

            Assert.Equal(expected, Assert.ThrowsAny<IOException>(() => NoFollowPaths.EnsureDirectory(dir["root"], dir["root/a/b/c"])).Message);
            Assert.Equal(expected, Assert.ThrowsAny<IOException>(() => NoFollowPaths.EnsureDirectory(dir["root"], dir["root/a/b/c/not-yet/x"])).Message);
            Assert.Equal(expected, Assert.ThrowsAny<IOException>(() => NoFollowPaths.CreateDirectory(dir["root/a/b/c/new/deeper"])).Message);
            Assert.Equal(expected, Assert.ThrowsAny<IOException>(() => NoFollowPaths.OpenDirectory(dir["root/a/b/c"])).Message);
            Assert.Equal(before, Fingerprint(canary));
        }
    }

    [Theory]
    [MemberData(nameof(Resolvers))]
    public void Real_directories_resolve_and_missing_ones_are_created_as_real_directories(bool walk)
    {
        NoFollowPaths.ForcePerComponentWalk = walk;
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["root/a"]);
        NoFollowPaths.EnsureDirectory(dir["root"], dir["root/a/missing/too"]);
        Assert.False(Directory.Exists(dir["root/a/missing"]));
        NoFollowPaths.CreateDirectory(dir["root/a/b/c"]);
        Assert.True(Directory.Exists(dir["root/a/b/c"]) && !PathGuard.IsSymlink(dir["root/a/b"]));
        using (var handle = NoFollowPaths.OpenDirectory(dir["root/a/b/c"])) Assert.False(handle.IsInvalid);
        Assert.Throws<DirectoryNotFoundException>(() => NoFollowPaths.OpenDirectory(dir["root/a/nothing"]));
        dir.Write("root/file", "x");
        Assert.Contains("is not a directory", Assert.ThrowsAny<IOException>(() => NoFollowPaths.EnsureDirectory(dir["root"], dir["root/file/x"])).Message);
        Assert.Contains("is outside", Assert.ThrowsAny<IOException>(() => NoFollowPaths.EnsureDirectory(dir["root/a"], dir["root"])).Message);
        NoFollowPaths.EnsureDirectory(dir["no-root-yet"], dir["no-root-yet/a"]);   // nothing exists, nothing to follow
    }

    [Fact]
    public void A_trusted_root_is_taken_as_given_even_when_its_own_path_holds_a_link()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["real/sysroot/boot"]);
        Directory.CreateSymbolicLink(dir["named"], dir["real"]);
        string inside = dir["named/sysroot/boot"];
        // Not trusted: the link is a component below "/" like any other.
        Assert.Contains(dir["named"] + ": is a symbolic link", Assert.ThrowsAny<IOException>(() => NoFollowPaths.EnsureDirectory(inside)).Message);
        NoFollowPaths.TrustRoot(dir["named"]);
        NoFollowPaths.EnsureDirectory(inside);
        Assert.Equal(dir["named"], NoFollowPaths.RootOf(inside));
        // Below the trusted root, links are still refused.
        Directory.Move(dir["real/sysroot/boot"], dir["elsewhere"]);
        Directory.CreateSymbolicLink(dir["real/sysroot/boot"], dir["elsewhere"]);
        Assert.Contains(inside + ": is a symbolic link", Assert.ThrowsAny<IOException>(() => NoFollowPaths.EnsureDirectory(inside)).Message);
    }

    /// <summary>Every durable primitive, aimed at a folder whose parent <c>loader</c> is a link to a canary outside the root.</summary>
    public static TheoryData<string, bool> DurableOperations()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in DurableOperationsByName.Keys)
            foreach (bool walk in new[] { false, true })
                data.Add(name, walk);
        return data;
    }

    private static readonly Dictionary<string, Action<Func<string, string>>> DurableOperationsByName = new()
    {
        ["WriteFile"] = p => DurableIO.WriteFile(p("loader/entries/new.conf"), [1, 2]),
        ["WriteText over an existing file"] = p => DurableIO.WriteText(p("loader/entries/a.conf"), "changed"),
        ["WriteNewFile"] = p => DurableIO.WriteNewFile(p("loader/entries/new.conf"), [1]),
        ["CopyNewFile"] = p => DurableIO.CopyNewFile(p("source"), p("loader/entries/copy.conf")),
        ["CreateTempDirectory"] = p => DurableIO.CreateTempDirectory(p("loader"), "entries"),
        ["MoveAside"] = p => DurableIO.MoveAside(p("loader/entries"), "finalize"),
        ["SyncDirectory"] = p => DurableIO.SyncDirectory(p("loader/entries")),
        ["TryExchange"] = p => DurableIO.TryExchange(p("loader/entries.staged"), p("loader/entries")),
        ["ReplaceFile"] = p => DurableIO.ReplaceFile(p("loader/entries/a.conf"), p("loader/entries/b.conf")),
        ["ReplaceDirectory"] = p => DurableIO.ReplaceDirectory(p("loader/entries"), p("loader/entries.staged")),
        ["RecoverDirectory"] = p => DurableIO.RecoverDirectory(p("loader/entries")),
        ["RemoveLeftovers"] = p => DurableIO.RemoveLeftovers(p("loader")),
    };

    [Theory]
    [MemberData(nameof(DurableOperations))]
    public void Durable_primitives_refuse_a_linked_directory_and_leave_the_canary_byte_identical(string operation, bool walk)
    {
        NoFollowPaths.ForcePerComponentWalk = walk;
        using var dir = new TempDir();
        dir.Write("root/source", "source");
        dir.Write("root/loader/entries/a.conf", "a");
        dir.Write("root/loader/entries/b.conf", "b");
        dir.Write("root/loader/entries.staged/c.conf", "c");
        dir.Write("root/loader/" + DurableIO.TempPrefix + "previous-entries/old.conf", "old");
        dir.Write("root/loader/" + DurableIO.TempPrefix + "leftover/x", "x");
        foreach (var level in new[] { "root/loader", "root/loader/entries" })
        {
            if (operation is "CreateTempDirectory" or "RemoveLeftovers" && level.EndsWith("entries")) continue;
            var canary = LinkToCanary(dir, level);
            var before = Fingerprint(canary);
            var e = Assert.ThrowsAny<IOException>(() => DurableIOperation(operation, dir));
            Assert.Equal($"{dir[level]}: is a symbolic link; refusing to follow it", e.Message);
            Assert.Equal(before, Fingerprint(canary));
            File.Delete(dir[level]);
            Directory.Move(canary, dir[level]);
        }
    }

    private static void DurableIOperation(string name, TempDir dir) => DurableOperationsByName[name](relative => dir["root/" + relative]);

    [Fact]
    public void Recursive_delete_removes_links_inside_the_tree_and_a_linked_top_without_following_them()
    {
        using var dir = new TempDir();
        var precious = dir.Write("precious/keep", "keep");
        dir.Write("doomed/sub/file", "x");
        Directory.CreateSymbolicLink(dir["doomed/sub/dirlink"], dir["precious"]);
        File.CreateSymbolicLink(dir["doomed/filelink"], precious);
        Directory.Delete(dir["doomed"], recursive: true);
        Assert.False(Path.Exists(dir["doomed"]));
        Directory.CreateSymbolicLink(dir["top"], dir["precious"]);
        Directory.Delete(dir["top"], recursive: true);
        Assert.False(Path.Exists(dir["top"]));
        Assert.Equal("keep", File.ReadAllText(precious));
    }

    [Fact]
    public void Backends_refuse_a_linked_loader_or_kernel_folder_before_writing()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var backend = new SystemdBootBootloader();
        Deploy(backend, context, Type1Template(VerityA));
        dir.Write("boot/efi/EFI/Linux/bootc_composefs-" + VerityA + "/vmlinuz", "kernel");
        foreach (var level in new[] { "boot/efi/loader", "boot/efi/EFI/Linux", "boot/efi/EFI" })
        {
            var canary = LinkToCanary(dir, level);
            var before = Fingerprint(canary);
            var e = Assert.ThrowsAny<IOException>(() =>
            {
                backend.ListEntries(context);
                backend.ListArtifacts(context);
                backend.WriteStaged(context, Type1Template(VerityB), null);
            });
            Assert.Contains(dir[level] + ": is a symbolic link", e.Message);
            Assert.Equal(before, Fingerprint(canary));
            File.Delete(dir[level]);
            Directory.Move(canary, dir[level]);
        }
    }

    /// <summary>Moves <paramref name="relative"/> to a canary folder beside the root and leaves a symbolic link to it in its place.</summary>
    internal static string LinkToCanary(TempDir dir, string relative)
    {
        string canary = dir["canary-" + relative.Replace('/', '_')];
        Directory.Move(dir[relative], canary);
        Directory.CreateSymbolicLink(dir[relative], canary);
        return canary;
    }

    /// <summary>Every path under <paramref name="root"/> with its kind and content hash.</summary>
    internal static string Fingerprint(string root) => string.Join("\n",
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(e => e.FullName + " " + (e.LinkTarget is { } link ? "link:" + link
                : e is DirectoryInfo ? "dir" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(e.FullName))))));
}
