using BootcPlug.Cli.Tests.Support;

namespace BootcPlug.Cli.Tests;

public class PluginsCommandTests
{
    [Fact]
    public void Plugins_list_shows_the_bundled_backends_and_what_each_detects()
    {
        var root = Directory.CreateTempSubdirectory("bootcplug-cli-").FullName;
        try
        {
            var result = CliRunner.Run("plugins", "list", "--root", root);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("grub: loaded grub 1.0.0 (contract 1.0)", result.Stdout);
            Assert.Contains("systemd-boot: loaded systemd-boot 1.0.0 (contract 1.0)", result.Stdout);
            Assert.Contains("uki: loaded uki 1.0.0 (contract 1.0)", result.Stdout);
            Assert.Contains("backend grub [entries, artifacts, serves grub]: detected (no LoaderInfo EFI variable: bootloader 'grub')", result.Stdout);
            Assert.Contains("backend systemd-boot [entries, artifacts, serves systemd/grub-cc]: not detected", result.Stdout);

            var systemd = CliRunner.Run("--bootloader", "systemd", "plugins", "list", "--root", root);
            Assert.Contains("backend systemd-boot [entries, artifacts, serves systemd/grub-cc]: detected (--bootloader systemd", systemd.Stdout);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Plugins_list_reports_a_bad_extra_folder_and_its_rejected_plugins()
    {
        var extra = Directory.CreateTempSubdirectory("bootcplug-plugins-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(extra, "future"));
            File.WriteAllText(Path.Combine(extra, "future", "plugin.json"), "{\"id\":\"future\",\"version\":\"1.0.0\",\"contractVersion\":\"2.0\"}");
            var result = CliRunner.Run("plugins", "list", "--plugins", extra);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("future: rejected future 1.0.0 (contract 2.0)", result.Stdout);
            Assert.Contains("reason: built for contract 2.0, but this host implements contract 1.0: the major versions differ", result.Stdout);

            var missing = CliRunner.Run("plugins", "list", "--plugins", Path.Combine(extra, "nope"));
            Assert.Contains("nope: rejected", missing.Stdout);
            Assert.Contains("reason: plugin folder does not exist", missing.Stdout);
        }
        finally
        {
            Directory.Delete(extra, recursive: true);
        }
    }
}
