using BootcPlug.Bootloaders.Formats;
using BootcPlug.Demo;
using BootcPlug.Deployments.Operations.Deploy;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>
/// What the status-parity tests (issue 15) share: the bootloader configurations each rule is swept over, and deploys
/// with a chosen kernel command line (a Type1 entry's extra kargs, or a UKI's own .cmdline).
/// </summary>
public static class ParityHost
{
    /// <summary>grub+BLS, systemd-boot+BLS, systemd-boot+UKI, grub+UKI and grub-cc+BLS.</summary>
    public static TheoryData<string, bool> AllConfigurations => new()
    {
        { "grub", false }, { "systemd", false }, { "systemd", true }, { "grub", true }, { "grub-cc", false },
    };

    /// <summary>
    /// Deploys <paramref name="release"/> with <paramref name="extra"/> on its command line (before rw and
    /// composefs=), and for a UKI with <c>composefs=?</c> when <paramref name="optionalVerity"/>.
    /// </summary>
    public static string Deploy(this TestHost host, DemoRelease release, bool stage, string extra = "",
        bool optionalVerity = false)
    {
        string tree = Path.Combine(host.Root, "trees", $"v{release.Version}-{Guid.NewGuid():N}");
        release.Write(tree, host.Config.Uki);
        var kargs = extra.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (host.Config.Uki)
        {
            using (var repository = Deployer.OpenOrInitRepository(host.Paths))
            {
                var karg = new ComposefsKarg(RootfsImage.Commit(repository, tree), optionalVerity);
                release.AddUki(tree, string.Join(' ', kargs.Append("rw").Append(karg.ToString())));
            }
            kargs = [];
        }
        var request = new DeployRequest(tree, stage, kargs, release.ImageRef, TestHost.CreatedAt(release),
            AllowMissingVerity: false);
        string id = new Deployer(host.Paths, host.Bootloaders, NullLogger.Instance).Deploy(request).Id.Value;
        Directory.Delete(tree, recursive: true);
        return id;
    }

    /// <summary>Boots <paramref name="verity"/> with the kernel argument as given (<c>?</c> or not).</summary>
    public static void BootInto(this TestHost host, string verity, bool optionalVerity)
    {
        host.BootInto(verity);
        File.WriteAllText(host.Paths.ProcCmdline, $"rw {new ComposefsKarg(verity, optionalVerity)}\n");
    }

    /// <summary>`status -v` in the human-readable form.</summary>
    public static string Human(this TestHost host)
    {
        var result = host.Cli("status", "-v", "--format", "humanreadable");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout;
    }

    /// <summary>The lines of the human-readable block that starts with <paramref name="head"/>.</summary>
    public static IReadOnlyList<string> Block(string human, string head) =>
        human.Split("\n\n").Single(b => b.TrimStart(' ', '●').StartsWith(head, StringComparison.Ordinal))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
