using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BootcPlug.Deployments.Status;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// `status` on the demo hosts against golden files taken before the status-parity rules (issue 15) landed. The
/// only difference allowed is the one a rule makes there: the rollback (version 1) boots the booted deployment's
/// kernel with the same command line, and the demo has no SELinux, so bootc reports it soft-reboot capable.
/// missingVerityAllowed (the demo boots with composefs= enforced), the legacy image info (every demo origin has a
/// manifest digest) and the staged marker (valid) do not apply, so nothing else may change.
/// </summary>
public sealed class DemoStatusGoldenTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bootcplug-demo-golden-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("grub", false)]
    [InlineData("grub", true)]
    [InlineData("systemd", false)]
    [InlineData("systemd", true)]
    [InlineData("grub-cc", false)]
    public void Demo_status_is_the_golden_one_but_for_the_rollbacks_soft_reboot(string bootloader, bool uki)
    {
        string root = Path.Combine(_work, "host");
        var demo = uki ? CliRunner.Run("demo", root, "--bootloader", bootloader, "--uki")
            : CliRunner.Run("demo", root, "--bootloader", bootloader);
        Assert.True(demo.ExitCode == 0, demo.Stderr);
        string name = $"{bootloader}+{(uki ? "uki" : "bls")}";

        var json = CliRunner.Run("status", "--json", "--root", root, "--bootloader", bootloader);
        Assert.Equal("", json.Stderr);
        var expected = JsonNode.Parse(Golden(name + ".json"))!;
        Assert.False((bool)expected["status"]!["rollback"]!["softRebootCapable"]!);
        expected["status"]!["rollback"]!["softRebootCapable"] = true;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json.Stdout)),
            $"status differs from Golden/demo-status/{name}.json beyond the rollback's softRebootCapable:\n"
            + json.Stdout);

        var human = CliRunner.Run("status", "-v", "--format", "humanreadable", "--root", root,
            "--bootloader", bootloader);
        string golden = Golden(name + ".txt");
        // The rollback's block is the last one of the demo's output.
        int last = golden.LastIndexOf("Soft-reboot: no", StringComparison.Ordinal);
        Assert.True(last > golden.IndexOf("Rollback image", StringComparison.Ordinal));
        string expectedHuman = golden[..last] + "Soft-reboot: capable" + golden[(last + "Soft-reboot: no".Length)..];
        Assert.Equal(expectedHuman, human.Stdout);
    }

    /// <summary>A golden file, with the architecture the goldens were taken on replaced by this machine's.</summary>
    private static string Golden(string file, [CallerFilePath] string source = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "Golden", "demo-status", file))
            .Replace("amd64", HostStatusBuilder.HostArchitecture(), StringComparison.Ordinal);
}
