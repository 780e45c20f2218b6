using BootcPlug.Bootloaders;
using BootcPlug.Demo;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Workflows;
using BootcPlug.Models.Reports;
using BootcPlug.Platform;
using BootcPlug.Plugins;
using BootcPlug.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>One of the four host configurations of the lifecycle tests.</summary>
public sealed record HostConfig(string Bootloader, bool Uki)
{
    public override string ToString() => Bootloader + (Uki ? "+uki" : "+bls");
}

/// <summary>
/// A host under a temporary root, with the real plugins, driven in process (operations) or through the real CLI.
/// Deleted when disposed.
/// </summary>
public sealed class TestHost : IDisposable
{
    private static readonly Lazy<PluginHost> Plugins = new(() =>
        PluginHost.Load([Path.Combine(AppContext.BaseDirectory, "plugins")]));

    public TestHost(HostConfig config, string? root = null)
    {
        Config = config;
        Root = root ?? Directory.CreateTempSubdirectory("bootcplug-host-").FullName;
        if (root is null) Directory.Delete(Root);
        Paths = root is null ? DemoHost.Prepare(Root, config.Bootloader) : new HostPaths(Root);
        Bootloaders = BootcPlug.Cli.Hosting.HostPlugins.Choose(Plugins.Value, Paths, config.Bootloader);
    }

    public HostConfig Config { get; }
    public string Root { get; }
    public HostPaths Paths { get; }
    public HostBootloaders Bootloaders { get; }

    public HostInventory Inventory() => HostInventory.Read(Paths, Bootloaders);

    /// <summary>What the workflows run on (the same the CLI builds), logging nowhere.</summary>
    public HostContext Context => new(Paths, Bootloaders, NullLogger.Instance);

    /// <summary>Writes a demo release's tree under the host root (outside sysroot) and returns its path.</summary>
    public string Tree(DemoRelease release)
    {
        string tree = Path.Combine(Root, "trees", $"v{release.Version}");
        if (Directory.Exists(tree)) Directory.Delete(tree, recursive: true);
        release.Write(tree, Config.Uki);
        if (Config.Uki)
        {
            using var repository = Deployer.OpenOrInitRepository(Paths);
            release.AddUki(tree, $"rw composefs={RootfsImage.Commit(repository, tree)}");
        }
        return tree;
    }

    public string Deploy(DemoRelease release, bool stage = false) =>
        new Deployer(Paths, Bootloaders, NullLogger.Instance)
            .Deploy(new DeployRequest(Tree(release), stage, [], release.ImageRef, CreatedAt(release),
                AllowMissingVerity: false)).Id.Value;

    /// <summary>A build time fixed per release, so that no test depends on the clock.</summary>
    public static DateTimeOffset CreatedAt(DemoRelease release)
        => new(2026, 1, release.Version, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Simulates a reboot into a deployment: /proc/cmdline names it, /run is emptied.</summary>
    public void BootInto(string verity)
    {
        File.WriteAllText(Paths.ProcCmdline, $"rw composefs={verity}\n");
        if (Directory.Exists(Paths.RunComposefs)) Directory.Delete(Paths.RunComposefs, recursive: true);
    }

    public GcReport Gc(bool dryRun = false) => new CollectGarbage(Context).Run(new CollectGarbageRequest(dryRun));

    /// <summary>delete-deployment in process: each id a whole verity or a prefix.</summary>
    public DeleteDeploymentsReport Delete(bool dryRun, bool collectGarbage, params string[] ids) =>
        new DeleteDeployments(Context)
            .Run(new DeleteDeploymentsRequest(ids.Select(DeploymentIdPrefix.Parse).ToList(), dryRun, collectGarbage));

    /// <summary>`gc` with other platform services (a filesystem without RENAME_EXCHANGE, test fault points).</summary>
    public GcReport Gc(PlatformServices platform)
    {
        var bootloaders = BootcPlug.Cli.Hosting.HostPlugins.Choose(Plugins.Value, Paths, Config.Bootloader, platform);
        return new CollectGarbage(new HostContext(Paths, bootloaders, NullLogger.Instance))
            .Run(new CollectGarbageRequest(DryRun: false));
    }

    public CliResult Cli(params string[] args) =>
        CliRunner.Run([.. args, "--root", Root, "--bootloader", Config.Bootloader]);

    public CliResult CliWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        CliRunner.RunWithEnvironment(null, environment, [.. args, "--root", Root, "--bootloader", Config.Bootloader]);

    public IReadOnlyList<BootEntry> Live => Inventory().Entries.Live;
    public IReadOnlyList<BootEntry> Staged => Inventory().Entries.Staged;

    public IReadOnlyList<string> StateDirs => Directory.Exists(Paths.StateDeploy)
        ? Directory.GetDirectories(Paths.StateDeploy).Select(p => Path.GetFileName(p)!).Order().ToList()
        : [];

    public IReadOnlyList<string> Images => Directory.Exists(Path.Combine(Paths.Repository, "images"))
        ? Directory.GetFileSystemEntries(Path.Combine(Paths.Repository, "images")).Select(p => Path.GetFileName(p)!)
            .Where(n => n != "refs").Order().ToList()
        : [];

    public IReadOnlyList<string> ArtifactNames => Bootloaders.ArtifactStores
        .SelectMany(b => b.ListArtifacts(Bootloaders.Context).Artifacts).Select(a => a.Name).Order().ToList();

    /// <summary>A copy of the whole host (to run one operation many times from the same start).</summary>
    public TestHost Copy()
    {
        string copy = Directory.CreateTempSubdirectory("bootcplug-copy-").FullName;
        TreeCopy.Copy(Root, copy);
        return new TestHost(Config, copy);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
