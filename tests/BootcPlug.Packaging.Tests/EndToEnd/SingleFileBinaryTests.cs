namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>
/// The self-contained single-file build (<c>bin/linux-x64/bootcplug</c>) with the bundled plugins beside it: the
/// plugins load into the single-file host, sharing its contract assembly, and it tells the same story as the tool.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SingleFileBinaryTests(PackedArtifactsFixture packed)
{
    [Fact]
    public void The_binary_is_one_file_with_the_plugins_in_folders_beside_it()
    {
        var folder = Path.GetDirectoryName(packed.Binary)!;
        Assert.Equal(["bootcplug"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(["grub", "systemd-boot", "uki"],
            Directory.GetDirectories(Path.Combine(folder, "plugins")).Select(Path.GetFileName).Order());
        Assert.StartsWith(packed.Version, packed.RunBinary("--version").Succeeded().Stdout.Trim(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_binary_loads_the_plugins_beside_it()
    {
        var list = packed.RunBinary("plugins", "list").Succeeded();
        var plugins = Path.Combine(Path.GetDirectoryName(packed.Binary)!, "plugins");
        foreach (var plugin in new[] { "grub", "systemd-boot", "uki" })
            Assert.Contains($"{plugin}: loaded {plugin} ", list.Stdout, StringComparison.Ordinal);
        Assert.Contains($"from {Path.Combine(plugins, "grub")}", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_binary_prints_the_same_status_as_the_tool_and_lays_out_a_demo_host()
    {
        var fromBinary = packed.RunBinary("--root", packed.DemoHost, "status", "--format", "json").Succeeded();
        var fromTool = packed.Tool("--root", packed.DemoHost, "status", "--format", "json").Succeeded();
        Assert.Equal(fromTool.Stdout, fromBinary.Stdout);

        var host = Path.Combine(packed.NewFolder("binary-demo"), "host");
        packed.RunBinary("demo", host).Succeeded();
        var status = packed.RunBinary("--root", host, "status", "--format", "humanreadable").Succeeded();
        Assert.Contains("quay.io/bootcplug/demo-os:2", status.Stdout, StringComparison.Ordinal);
    }
}
