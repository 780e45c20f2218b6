using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Tree;
using BootcPlug.Demo;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// `deploy` checks the tree before it writes anything (boot type against the host's bootloader, boot files that are
/// regular files), and never opens a FIFO, socket or device: special files go into the image and the state dir as
/// what they are. Every bootloader configuration; the CLI's own two-minute timeout turns a hang into a failure.
/// </summary>
public sealed class DeployTreeCheckTests
{
    public static IEnumerable<object[]> Configurations =>
    [
        [new HostConfig("grub", Uki: false)],
        [new HostConfig("grub", Uki: true)],
        [new HostConfig("systemd", Uki: false)],
        [new HostConfig("systemd", Uki: true)],
        [new HostConfig("grub-cc", Uki: false)],
    ];

    /// <summary>A host with a booted deployment and a rollback one.</summary>
    private static TestHost Host(HostConfig config)
    {
        var host = new TestHost(config);
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        host.Deploy(new DemoRelease(2, "k-two"));
        return host;
    }

    /// <summary>A tree of the given boot type under the host root; a UKI names the image of the tree in its command
    /// line.</summary>
    private static string Tree(TestHost host, DemoRelease release, bool uki, Action<string>? change = null)
    {
        string tree = Path.Combine(host.Root, "trees", $"other-v{release.Version}");
        // The change first: Write then sets every time stamp, as the UKI's own SetTimes will again.
        Directory.CreateDirectory(tree);
        change?.Invoke(tree);
        release.Write(tree, uki);
        if (uki)
        {
            using var repository = Deployer.OpenOrInitRepository(host.Paths);
            release.AddUki(tree, $"rw composefs={RootfsImage.Commit(repository, tree)}");
        }
        return tree;
    }

    private static void AssertOneLine(CliResult result, int exitCode, string start)
    {
        Assert.DoesNotContain("   at ", result.Stderr);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith(start, StringComparison.Ordinal),
            $"expected one line starting\n{start}\nbut stderr was\n{result.Stderr}");
        Assert.Equal(exitCode, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_tree_of_the_other_boot_type_is_refused_before_anything_is_written_where_the_loader_cannot_mix_them(
        HostConfig config)
    {
        using var host = Host(config);
        string tree = Tree(host, new DemoRelease(3, "k-three"), uki: !config.Uki);
        var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");

        var result = host.Cli("deploy", "--rootfs", tree);

        if (config.Bootloader == "grub")
        {
            string kind = config.Uki ? "Type1 kernel" : "unified kernel image";
            AssertOneLine(result, 1,
                $"bootcplug: {tree}: a {kind} tree cannot join this host's grub menu, which boots");
            DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");
        }
        else
        {
            // systemd-boot (and grub-cc) read Type1 entries and UKIs side by side.
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(3, host.StateDirs.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Fifos_sockets_and_devices_in_a_tree_are_deployed_as_what_they_are_without_being_opened(
        HostConfig config) =>
        WithinTwoMinutes(() => DeploySpecialFiles(config));

    private static void DeploySpecialFiles(HostConfig config)
    {
        using var host = Host(config);
        string tree = Tree(host, new DemoRelease(3, "k-three"), config.Uki, MakeSpecialFiles);

        var result = host.Cli("deploy", "--rootfs", tree);

        Assert.True(result.ExitCode == 0, result.Stderr);
        string verity = result.Stdout.Split('\n')[0];
        var image = ImageTreeReader.Read(ErofsImage.OpenFile(Path.Combine(host.Paths.Repository, "images", verity)));
        Assert.IsType<Fifo>(Leaf(image, "usr/share/demo/fifo"));
        Assert.IsType<Socket>(Leaf(image, "usr/share/demo/socket"));
        Assert.Equal(CharDevice.Rdev, Assert.IsType<CharacterDevice>(Leaf(image, "usr/share/demo/null")).Rdev);
        Assert.IsType<Fifo>(Leaf(image, "etc/initctl"));
        string stateEtc = Path.Combine(host.Paths.StateDir(verity), "etc");
        Assert.Equal(TreeFiles.Lstat(Path.Combine(tree, "etc/initctl")),
            TreeFiles.Lstat(Path.Combine(stateEtc, "initctl")));
        Assert.Equal(TreeFiles.Lstat(Path.Combine(tree, "etc/null")), TreeFiles.Lstat(Path.Combine(stateEtc, "null")));
        Assert.True(TreeFiles.IsSpecial(Path.Combine(stateEtc, "socket")));
    }

    public enum BootFileRole { Kernel, Initramfs, UsrOsRelease, EtcOsRelease, Uki }

    public static IEnumerable<object[]> BootFileRoles => Enum.GetValues<BootFileRole>().Select(r => new object[] { r });

    [Theory]
    [MemberData(nameof(BootFileRoles))]
    public void A_fifo_where_deploy_reads_a_file_is_refused_before_anything_is_written(BootFileRole role) =>
        WithinTwoMinutes(() => DeployFifoAs(role));

    private static void DeployFifoAs(BootFileRole role)
    {
        bool uki = role == BootFileRole.Uki;
        using var host = Host(new HostConfig("systemd", uki));
        var release = new DemoRelease(3, "k-three");
        string tree = Tree(host, release, uki);
        string relative = role switch
        {
            BootFileRole.Kernel => "usr/lib/modules/k-three/vmlinuz",
            BootFileRole.Initramfs => "usr/lib/modules/k-three/initramfs.img",
            BootFileRole.UsrOsRelease => "usr/lib/os-release",
            BootFileRole.EtcOsRelease => "etc/os-release",
            _ => Path.GetRelativePath(tree, Directory.GetFiles(Path.Combine(tree, BootSource.UkiFolder)).Single()),
        };
        string path = Path.Combine(tree, relative);
        File.Delete(path);
        Mkfifo(path);
        var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");

        var result = host.Cli("deploy", "--rootfs", tree);

        AssertOneLine(result, 1, $"bootcplug: {path}: ");
        Assert.EndsWith("must be a regular file, not a FIFO", result.Stderr.Trim());
        DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");
    }

    [Fact]
    public void A_fifo_in_an_installed_kernel_dir_fails_the_deploy_instead_of_hanging_it() => WithinTwoMinutes(() =>
    {
        using var host = Host(new HostConfig("grub", Uki: false));
        string kernel = Path.Combine(Directory.GetDirectories(host.Paths.BootDir, "bootc_composefs-*").First(),
            "vmlinuz");
        File.Delete(kernel);
        Mkfifo(kernel);

        var result = host.Cli("deploy", "--rootfs", host.Tree(new DemoRelease(3, "k-three")));

        AssertOneLine(result, 1, $"bootcplug: {kernel}: not a regular file");
    });

    [Fact]
    public void Digest_refuses_every_kind_of_non_regular_file_in_one_line_and_digests_the_rest()
    {
        string dir = Directory.CreateTempSubdirectory("bootcplug-digest-").FullName;
        try
        {
            MakeSpecialFiles(dir);
            string regular = Path.Combine(dir, "regular");
            File.WriteAllText(regular, "hello world");
            string[] special = [Path.Combine(dir, "usr/share/demo/fifo"), Path.Combine(dir, "usr/share/demo/socket"),
                Path.Combine(dir, "usr/share/demo/null"), dir];
            foreach (string path in special)
            {
                var result = CliRunner.Run("composefs", "--repo", dir, "digest", "--algorithm", "sha256", path,
                    regular);
                Assert.Equal(1, result.ExitCode);
                Assert.Equal($"bootcplug: {path}: not a regular file\n", result.Stderr);
                Assert.Equal($"sha256:1e2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64 {regular}\n",
                    result.Stdout);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Status_of_a_deployment_without_an_image_reference_shows_it_on_a_terminal(HostConfig config)
    {
        using var host = Host(config);
        string tree = host.Tree(new DemoRelease(3, "k-three"));
        string verity = new Deployer(host.Paths, host.Bootloaders, NullLogger.Instance)
            .Deploy(new DeployRequest(tree, Stage: false, [], ImageRef: null)).Id.Value;

        foreach (string[] args in new[] { new[] { "status", "--format", "humanreadable" },
            ["status", "--format", "humanreadable", "-v"] })
        {
            var result = host.Cli(args);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Single(result.Stdout.Split('\n'), line => line.EndsWith(" image: (none)", StringComparison.Ordinal));
            Assert.Contains($"Verity: {verity}", result.Stdout);
        }
    }

    /// <summary>Opening a FIFO blocks forever: a regression must fail the test, not hang the suite.</summary>
    private static void WithinTwoMinutes(Action test)
    {
        var run = Task.Run(test);
        Assert.True(run.Wait(TimeSpan.FromMinutes(2)), "hung: something opened a FIFO");
        run.GetAwaiter().GetResult();
    }

    private static readonly (string Name, ulong Rdev) CharDevice = ("null", (1UL << 8) | 3);

    /// <summary>A FIFO, a socket and a character device (1:3, like /dev/null) in usr/share/demo and in etc.</summary>
    private static void MakeSpecialFiles(string tree)
    {
        foreach (string dir in new[] { "usr/share/demo", "etc" })
        {
            string folder = Path.Combine(tree, dir);
            Directory.CreateDirectory(folder);
            Mkfifo(Path.Combine(folder, dir == "etc" ? "initctl" : "fifo"));
            Mknod(Path.Combine(folder, "socket"), 0xC000 | 0x1ED, 0);
            Mknod(Path.Combine(folder, CharDevice.Name), 0x2000 | 0x1B6, CharDevice.Rdev);
        }
    }

    private static void Mkfifo(string path) => Mknod(path, 0x1000 | 0x1A4, 0);

    private static void Mknod(string path, uint mode, ulong rdev) =>
        Assert.True(mknod(path, mode, rdev) == 0,
            $"mknod {path}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int mknod(string path, uint mode, ulong dev);

    private static LeafContent Leaf(FsDirectory root, string path)
    {
        FsNode node = root;
        foreach (string name in path.Split('/'))
            Assert.True(((FsDirectory)node).TryGet(System.Text.Encoding.UTF8.GetBytes(name), out node),
                $"{path}: not in the image");
        return ((FsLeaf)node).Content;
    }
}
