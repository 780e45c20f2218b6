using System.Text;
using BootcPlug.Bootloaders.Formats.Pe;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Operations.Deploy;

namespace BootcPlug.Demo.Tests;

/// <summary>The demo's release trees and the UKIs it builds for them.</summary>
public sealed class DemoReleaseTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bootcplug-demo-release-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Writing_a_release_twice_gives_the_same_image_and_another_release_a_different_one()
    {
        string path = Path.Combine(_work, "repo");
        using var repository = ComposefsRepository.Init(path, FsVerityAlgorithm.Sha512).Repository;
        string first = Commit(repository, new DemoRelease(1, "6.1.0-demo"), "first");
        string again = Commit(repository, new DemoRelease(1, "6.1.0-demo"), "again");
        string next = Commit(repository, new DemoRelease(2, "6.1.0-demo"), "next");

        Assert.Equal(first, again);
        Assert.NotEqual(first, next);
    }

    [Fact]
    public void A_release_tree_boots_its_own_kernel_or_later_a_uki()
    {
        var release = new DemoRelease(3, "6.2.0-demo");
        string bls = Path.Combine(_work, "bls"), uki = Path.Combine(_work, "uki");
        release.Write(bls, uki: false);
        release.Write(uki, uki: true);

        Assert.True(File.Exists(Path.Combine(bls, "usr/lib/modules/6.2.0-demo/vmlinuz")));
        Assert.True(File.Exists(Path.Combine(bls, "usr/lib/modules/6.2.0-demo/initramfs.img")));
        Assert.False(Directory.Exists(Path.Combine(bls, BootSource.UkiFolder)));
        Assert.False(Directory.Exists(Path.Combine(uki, "usr/lib/modules")));

        release.AddUki(uki, "rw composefs=feed");
        var ukis = Directory.GetFiles(Path.Combine(uki, BootSource.UkiFolder)).Select(Path.GetFileName);
        Assert.Equal(new[] { "demo-os-3.efi" }, ukis);
    }

    [Fact]
    public void The_uki_carries_the_release_os_release_command_line_kernel_and_initrd()
    {
        var release = new DemoRelease(2, "6.1.0-demo");
        string tree = Path.Combine(_work, "tree");
        release.Write(tree, uki: true);
        release.AddUki(tree, "rw composefs=abc");

        var image = PeImage.Open(Path.Combine(tree, BootSource.UkiFolder, $"{DemoRelease.OsId}-2.efi"));
        Assert.Equal(new[] { ".osrel", ".cmdline", ".linux", ".initrd" }, image.Sections.Select(s => s.Name));
        Assert.Equal(release.OsRelease, image.ReadSectionText(".osrel"));
        Assert.Equal("rw composefs=abc", image.ReadSectionText(".cmdline"));
        Assert.Equal(192 * 1024, image.ReadSection(".linux")!.Length);
        Assert.Equal(96 * 1024, image.ReadSection(".initrd")!.Length);
    }

    [Fact]
    public void UkiBuilder_writes_a_pe32_plus_efi_application_with_the_sections_in_order()
    {
        byte[] uki = UkiBuilder.Build([(".osrel", Encoding.UTF8.GetBytes("ID=x\n")), (".linux", new byte[5000])]);
        string path = Path.Combine(_work, "tiny.efi");
        File.WriteAllBytes(path, uki);

        Assert.Equal("MZ", Encoding.ASCII.GetString(uki, 0, 2));
        int pe = BitConverter.ToInt32(uki, 0x3c);
        Assert.Equal(0x20b, BitConverter.ToUInt16(uki, pe + 4 + 20));           // PE32+
        Assert.Equal(10, BitConverter.ToUInt16(uki, pe + 4 + 20 + 68));         // EFI application
        var image = PeImage.Open(path);
        Assert.Equal(new[] { ".osrel", ".linux" }, image.Sections.Select(s => s.Name));
        Assert.Equal("ID=x\n", image.ReadSectionText(".osrel"));
        Assert.Equal(new byte[5000], image.ReadSection(".linux"));
    }

    private string Commit(ComposefsRepository repository, DemoRelease release, string name)
    {
        string tree = Path.Combine(_work, name);
        release.Write(tree, uki: false);
        return RootfsImage.Commit(repository, tree);
    }
}
