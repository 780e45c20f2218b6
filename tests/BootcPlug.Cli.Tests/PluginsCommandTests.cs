using BootcPlug.Testing;

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
            Assert.Contains("grub: loaded grub 2.0.0 (contract 2.0)", result.Stdout);
            Assert.Contains("systemd-boot: loaded systemd-boot 2.0.0 (contract 2.0)", result.Stdout);
            Assert.Contains("uki: loaded uki 2.0.0 (contract 2.0)", result.Stdout);
            Assert.Contains("  serves: grub (status grub)\n  stores: bls (for its own bootloaders)\n"
                + "  roles: menu, artifact store (bls), detector, recovery\n  detection: grub by default (no " +
                    "LoaderInfo EFI variable)\n", result.Stdout);
            Assert.Contains("  serves: systemd (status systemd), grub-cc (status grub-cc)\n", result.Stdout);
            Assert.Contains("  detection: not detected (no LoaderInfo EFI variable)\n", result.Stdout);
            Assert.Contains("  stores: uki (for any bootloader)\n  roles: artifact store (uki), recovery\n",
                result.Stdout);
            Assert.EndsWith(
                "bootloader: grub, status name grub (no LoaderInfo EFI variable: bootloader 'grub' by default, " +
                    "plugin grub)\n",
                result.Stdout);

            var systemd = CliRunner.Run("--bootloader", "systemd", "plugins", "list", "--root", root);
            Assert.EndsWith("bootloader: systemd, status name systemd (--bootloader systemd)\n", systemd.Stdout);
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
            File.WriteAllText(Path.Combine(extra, "future", "plugin.json"),
                "{\"id\":\"future\",\"version\":\"1.0.0\",\"contractVersion\":\"3.0\"}");
            var result = CliRunner.Run("plugins", "list", "--plugins", extra);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("future: rejected future 1.0.0 (contract 3.0)", result.Stdout);
            Assert.Contains(
                "reason: built for contract 3.0, but this host implements contract 2.0: the major versions differ",
                result.Stdout);

            var missing = CliRunner.Run("plugins", "list", "--plugins", Path.Combine(extra, "nope"));
            Assert.Equal((2, $"bootcplug: --plugins: {Path.Combine(extra, "nope")}: no such directory\n"),
                (missing.ExitCode, missing.Stderr));
        }
        finally
        {
            Directory.Delete(extra, recursive: true);
        }
    }

    [Fact]
    public void A_plugin_someone_else_could_have_written_is_listed_as_rejected_with_the_reason()
    {
        var extra = Directory.CreateTempSubdirectory("bootcplug-plugins-").FullName;
        try
        {
            string plugin = Path.Combine(extra, "grub-copy");
            Directory.CreateDirectory(plugin);
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "plugins", "grub")))
                File.Copy(file, Path.Combine(plugin, Path.GetFileName(file)));
            File.SetUnixFileMode(Path.Combine(plugin, "grub.dll"), (UnixFileMode)Convert.ToInt32("666", 8));
            var result = CliRunner.Run("plugins", "list", "--plugins", extra);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"grub-copy: rejected from {plugin}", result.Stdout);
            Assert.Contains($"reason: {plugin}/grub.dll: writable by others (mode 0666)", result.Stdout);
        }
        finally
        {
            Directory.Delete(extra, recursive: true);
        }
    }

    public static IEnumerable<object[]> Verbs => [["plugins", "list"], ["status"], ["gc", "--dry-run"]];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void A_plugins_folder_others_can_write_fails_the_run_in_one_line(params string[] verb)
    {
        var root = Directory.CreateTempSubdirectory("bootcplug-cli-").FullName;
        var extra = Directory.CreateTempSubdirectory("bootcplug-plugins-").FullName;
        try
        {
            File.SetUnixFileMode(extra, (UnixFileMode)Convert.ToInt32("777", 8));
            var result = CliRunner.Run([.. verb, "--root", root, "--plugins", extra]);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                $"bootcplug: --plugins: {extra}: writable by others (mode 0777); plugins and the folders above them " +
                    "must be writable only by their owner\n", result.Stderr);
            Assert.Empty(Directory.EnumerateFileSystemEntries(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            Directory.Delete(extra, recursive: true);
        }
    }

    [Fact]
    public void Plugins_next_to_an_executable_whose_plugins_folder_others_can_write_do_not_load()
    {
        // A copy of the whole program, whose own plugins folder is world-writable.
        var copy = Directory.CreateTempSubdirectory("bootcplug-exe-").FullName;
        var root = Directory.CreateTempSubdirectory("bootcplug-cli-").FullName;
        try
        {
            BootcPlug.Deployments.Operations.Deploy.TreeCopy.Copy(AppContext.BaseDirectory, copy);
            string plugins = Path.Combine(copy, "plugins");
            File.SetUnixFileMode(plugins, (UnixFileMode)Convert.ToInt32("777", 8));
            var list = RunCopy(copy, "plugins", "list", "--root", root);
            Assert.Equal(0, list.ExitCode);
            Assert.Contains($"plugins: rejected from {plugins}", list.Stdout);
            Assert.Contains($"reason: {plugins}: writable by others (mode 0777)", list.Stdout);
            Assert.DoesNotContain("loaded", list.Stdout);

            var status = RunCopy(copy, "status", "--root", root);
            Assert.Equal(1, status.ExitCode);
            Assert.StartsWith(
                "bootcplug: no loaded plugin manages the bootloader of this host (no loaded plugin has a detector)",
                status.Stderr);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Runs a relocated copy of bootcplug (CliRunner runs the one next to the tests).</summary>
    private static CliResult RunCopy(string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true,
            RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(directory, "bootcplug.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bootcplug did not finish");
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
