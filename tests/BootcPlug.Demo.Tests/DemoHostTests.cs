using System.Text.Json.Nodes;
using BootcPlug.Testing;

namespace BootcPlug.Demo.Tests;

/// <summary>
/// The demo host the README's first command lays out: three deployments (rollback, booted, staged), each with its
/// boot entries, a status that names them and nothing for gc to remove.
/// </summary>
public sealed class DemoHostTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bootcplug-demo-tests-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public static TheoryData<string, bool> Configurations => new()
    {
        { "grub", false }, { "grub", true }, { "systemd", false }, { "systemd", true }, { "grub-cc", false },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_demo_host_has_the_booted_rollback_and_staged_deployments_it_prints(string bootloader, bool uki)
    {
        string root = Path.Combine(_work, "host");
        var demo = Ok(RunDemo(root, bootloader, uki));
        string booted = PrintedId(demo, "booted"), rollback = PrintedId(demo, "rollback");
        string staged = PrintedId(demo, "staged");
        Assert.Equal(3, new[] { booted, rollback, staged }.Distinct().Count());

        var status = Ok(CliRunner.Run("status", "--json", "--root", root, "--bootloader", bootloader));
        Assert.Empty(status.Stderr);
        var host = JsonNode.Parse(status.Stdout)!["status"]!;
        string bootType = uki ? "Uki" : "Bls";
        foreach (var (slot, id) in new[] { ("booted", booted), ("rollback", rollback), ("staged", staged) })
        {
            Assert.Equal(id, (string?)host[slot]?["composefs"]?["verity"]);
            Assert.Equal(bootType, (string?)host[slot]?["composefs"]?["bootType"]);
            Assert.Equal(bootloader, (string?)host[slot]?["composefs"]?["bootloader"]);
        }

        string live = MenuText(root, bootloader, uki, staged: false);
        string next = MenuText(root, bootloader, uki, staged: true);
        Assert.Contains(booted, live);
        Assert.Contains(rollback, live);
        Assert.DoesNotContain(staged, live);
        Assert.Contains(staged, next);
        Assert.Contains(staged, File.ReadAllText(Path.Combine(root, "run/composefs/staged-deployment")));
        Assert.Contains($"composefs={booted}", File.ReadAllText(Path.Combine(root, "proc/cmdline")));
    }

    [Fact]
    public void The_demo_host_holds_no_garbage()
    {
        string root = Path.Combine(_work, "host");
        Ok(RunDemo(root, "grub", uki: false));
        var report = JsonNode.Parse(Ok(CliRunner.Run("gc", "--dry-run", "--json", "--root", root)).Stdout)!;
        foreach (string kind in new[] { "bootArtifacts", "stateDirs", "tags", "objects", "leftovers" })
            Assert.Equal(0, (int?)report[kind]?["count"]);
        Assert.Empty(report["removed"]!.AsArray());
    }

    [Fact]
    public void Demo_into_a_file_or_a_folder_in_use_is_a_usage_error()
    {
        string file = Path.Combine(_work, "a-file");
        File.WriteAllText(file, "not a folder\n");
        string used = Path.Combine(_work, "used");
        Directory.CreateDirectory(used);
        File.WriteAllText(Path.Combine(used, "keep"), "mine\n");

        const string Needs = "the demo needs a new or empty folder";
        AssertUsage(CliRunner.Run("demo", file), $"bootcplug: {file}: exists and is not a folder; {Needs}");
        AssertUsage(CliRunner.Run("demo", used), $"bootcplug: {used}: exists and is not empty; {Needs}");
        Assert.Equal("not a folder\n", File.ReadAllText(file));
        Assert.Equal(new[] { Path.Combine(used, "keep") }, Directory.GetFileSystemEntries(used));
    }

    private static CliResult RunDemo(string root, string bootloader, bool uki) =>
        uki ? CliRunner.Run("demo", root, "--bootloader", bootloader, "--uki")
            : CliRunner.Run("demo", root, "--bootloader", bootloader);

    private static string PrintedId(CliResult demo, string label) =>
        demo.Stdout.Split('\n').Single(line => line.TrimStart().StartsWith(label + " ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

    /// <summary>The live or staged menu: grub's BLS dir, grub's user.cfg for UKIs, or the ESP's entries.</summary>
    private static string MenuText(string root, string bootloader, bool uki, bool staged)
    {
        if (bootloader == "grub" && uki)
            return File.ReadAllText(Path.Combine(root, "sysroot/boot/grub2", staged ? "user.cfg.staged" : "user.cfg"));
        string loader = bootloader == "grub" ? "sysroot/boot/loader" : "boot/efi/loader";
        string entries = Path.Combine(root, loader, staged ? "entries.staged" : "entries");
        var files = Directory.GetFiles(entries, "*.conf");
        Assert.Equal(2, files.Length);
        return string.Concat(files.Order(StringComparer.Ordinal).Select(File.ReadAllText));
    }

    private static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        return result;
    }

    private static void AssertUsage(CliResult result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, result.Stderr.TrimEnd('\n'));
        Assert.Empty(result.Stdout);
    }
}
