using System.Text.Json;

namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>The tool installed with <c>dotnet tool install --tool-path</c> from the packed tool package.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class InstalledToolTests(PackedArtifactsFixture packed)
{
    private static readonly string[] BundledPlugins = ["grub", "systemd-boot", "uki"];

    [Fact]
    public void The_installed_tool_is_the_packed_version()
    {
        var version = packed.Tool("--version").Succeeded();
        Assert.StartsWith(packed.Version, version.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_installed_tool_loads_the_bundled_plugins_from_its_own_folder()
    {
        var list = packed.Tool("plugins", "list").Succeeded();
        foreach (var plugin in BundledPlugins)
        {
            var line = list.Stdout.Split('\n')
                .SingleOrDefault(l => l.StartsWith(plugin + ": ", StringComparison.Ordinal));
            Assert.True(line is not null, list.Describe());
            Assert.Contains($"{plugin}: loaded", line, StringComparison.Ordinal);
            // The copy inside the tool's own store, where PluginHost.DefaultDirectory points.
            Assert.Contains(Path.Combine(packed.ToolPath, ".store", "bootcplug"), line, StringComparison.Ordinal);
            Assert.EndsWith(Path.Combine("plugins", plugin), line.TrimEnd(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Status_of_the_demo_host_is_a_status_document_the_shipped_schema_accepts()
    {
        var status = packed.Tool("--root", packed.DemoHost, "status", "--format", "json").Succeeded();
        using (var document = JsonDocument.Parse(status.Stdout))
        {
            var root = document.RootElement;
            Assert.Equal("org.containers.bootc/v1", root.GetProperty("apiVersion").GetString());
            foreach (var slot in new[] { "booted", "rollback", "staged" })
                Assert.Equal(JsonValueKind.Object, root.GetProperty("status").GetProperty(slot).ValueKind);
        }

        var file = Path.Combine(packed.NewFolder("status"), "status.json");
        File.WriteAllText(file, status.Stdout);
        var valid = packed.Tool("schema", "validate", file);
        Assert.True(valid.ExitCode == 0, valid.Describe());

        // And the check has teeth: the same document without its apiVersion is refused.
        var broken = Path.Combine(Path.GetDirectoryName(file)!, "broken.json");
        File.WriteAllText(broken, status.Stdout.Replace("\"apiVersion\"", "\"apiVersionX\"", StringComparison.Ordinal));
        var invalid = packed.Tool("schema", "validate", broken);
        Assert.True(invalid.ExitCode == 1, invalid.Describe());
    }
}
