using System.Text.Json;
using BootcPlug.Testing;

namespace BootcPlug.Packaging.Tests.EndToEnd;

/// <summary>
/// A vendor's way in, from the packed artifacts only: the template pack installed with <c>dotnet new install</c>
/// (a private template list), a plugin created from it and built against the packed contract, its own tests run,
/// and the installed tool driving a host through it with <c>--plugins</c> and <c>--bootloader</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TemplatePluginTests(PackedArtifactsFixture packed)
{
    private const string PluginName = "Contoso.Loader";

    /// <summary>The bootloader (and plugin) name the template derives from <see cref="PluginName"/>.</summary>
    private const string Bootloader = "contoso-loader";

    [Fact]
    public void A_plugin_made_from_the_packed_template_builds_passes_its_tests_and_runs_a_host()
    {
        string solution = CreatePlugin();

        var test = packed.DotnetIn(solution, "test", PluginName + ".slnx");
        Assert.True(test.ExitCode == 0, test.Describe());
        Assert.Matches(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9]", test.Stdout);

        string plugins = packed.NewFolder("vendor-plugins");
        string pluginDir = Path.Combine(plugins, Bootloader);
        packed.DotnetIn(solution, "build", Path.Combine("src", PluginName), "-c", "Release", "-o", pluginDir)
            .Succeeded();
        Assert.True(File.Exists(Path.Combine(pluginDir, Bootloader + ".dll")));
        Assert.True(File.Exists(Path.Combine(pluginDir, "plugin.json")));
        // The contract is the host's: a plugin that carried its own copy would not share the role types.
        Assert.False(File.Exists(Path.Combine(pluginDir, "BootcPlug.Bootloaders.Contract.dll")));

        var list = packed.Tool("--plugins", plugins, "plugins", "list").Succeeded();
        Assert.Contains($"{Bootloader}: loaded", list.Stdout, StringComparison.Ordinal);

        // A UKI host laid out for systemd-boot, whose boot menu is then written in the vendor plugin's format (one
        // line per entry, default first; a UKI's artifact name is its deployment id). Read through the vendor plugin,
        // the host has the same booted and rollback deployments as through systemd-boot.
        string host = packed.NewFolder("vendor-host");
        packed.Tool("demo", host, "--bootloader", "systemd", "--uki").Succeeded();
        var (booted, rollback) = BootedAndRollback(packed.Tool("--root", host, "status", "--json").Succeeded());
        string menuDir = Path.Combine(host, "boot", "efi", Bootloader);
        Directory.CreateDirectory(menuDir);
        File.WriteAllText(Path.Combine(menuDir, "menu"),
            $"{booted} uki {booted} Demo 2\n{rollback} uki {rollback} Demo 1\n");

        var status = packed.Tool("--root", host, "--plugins", plugins, "--bootloader", Bootloader, "status", "--json")
            .Succeeded();
        Assert.Equal((booted, rollback), BootedAndRollback(status));
        using (var document = JsonDocument.Parse(status.Stdout))
        {
            // A bootloader upstream's enum does not know is reported as "none", so the document stays valid.
            var composefs = document.RootElement.GetProperty("status").GetProperty("booted").GetProperty("composefs");
            Assert.Equal("none", composefs.GetProperty("bootloader").GetString());
        }
        string file = Path.Combine(packed.NewFolder("vendor-status"), "status.json");
        File.WriteAllText(file, status.Stdout);
        var valid = packed.Tool("schema", "validate", file);
        Assert.True(valid.ExitCode == 0, valid.Describe());

        var human = packed.Tool("--root", host, "--plugins", plugins, "--bootloader", Bootloader, "-v", "status",
            "--format", "humanreadable").Succeeded();
        Assert.Contains($"via {Bootloader}", human.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Installs the packed template pack into a private template list and creates the plugin's solution
    /// from it, with the offline feed's nuget.config beside it; returns the solution folder.</summary>
    private string CreatePlugin()
    {
        string hive = packed.NewFolder("template-hive");
        string templatePack = Directory
            .GetFiles(Path.Combine(packed.Artifacts, "packages"), "BootcPlug.Templates.*.nupkg").Single();
        packed.Dotnet("new", "install", templatePack, "--debug:custom-hive", hive).Succeeded();

        string solution = Path.Combine(packed.NewFolder("vendor"), PluginName);
        packed.Dotnet("new", "bootcplug-plugin", "-n", PluginName, "-o", solution, "--debug:custom-hive", hive)
            .Succeeded();
        File.Copy(packed.Feed.ConfigFile, Path.Combine(solution, "nuget.config"));
        return solution;
    }

    private static (string Booted, string Rollback) BootedAndRollback(ProgramResult status)
    {
        using var document = JsonDocument.Parse(status.Stdout);
        var slots = document.RootElement.GetProperty("status");
        string Verity(string slot) =>
            slots.GetProperty(slot).GetProperty("composefs").GetProperty("verity").GetString()!;
        return (Verity("booted"), Verity("rollback"));
    }
}
