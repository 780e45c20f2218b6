using BootcPlug.Bootloaders;
using BootcPlug.Plugins.Grub;
using BootcPlug.Plugins.SystemdBoot;
using BootcPlug.Plugins.Uki;
using System.Security.Cryptography;
using BootcPlug.Testing;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

public class PathSafetyTests
{
    [Fact]
    public void Systemd_entry_climbing_out_of_the_esp_is_reported_never_listed_and_blocks_deletion()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var backend = new SystemdBootBootloader();
        Deploy(backend, context, Type1Template(VerityA));
        var evil = dir.Write("boot/efi/loader/entries/evil.conf",
            $"title Evil\nversion 1\nlinux ../../sysroot/boot/bootc_composefs-{VerityB}/vmlinuz\noptions " +
                $"composefs={VerityB}\n");
        var listing = backend.ListEntries(context);
        Assert.Equal([VerityA], listing.Live.Select(e => e.Deployment.Value));
        var problem = Assert.Single(listing.Problems);
        Assert.Equal(evil, problem.FilePath);
        Assert.Contains("'..'", problem.Message);
        Assert.Throws<BootFormatException>(
            () => backend.RemoveEntries(context, DeploymentId.Parse(VerityA), BootEntrySet.Live));
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
        var secret = dir.Write("secret/x.conf",
            $"title S\nversion 1\nlinux /EFI/Linux/bootc_composefs-{VerityA}/vmlinuz\noptions composefs={VerityA}\n");
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
        Assert.Throws<ArgumentException>(() => new SystemdBootBootloader()
            .WriteStaged(context, Type1Template(VerityA) with { BootArtifactName = "a/b" }, null));
        Assert.False(Directory.Exists(dir["boot/efi/loader/entries.staged"]));
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

    /// <summary>Moves <paramref name="relative"/> to a canary folder beside the root and leaves a symbolic link to it
    /// in its place.</summary>
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
