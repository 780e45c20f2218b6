using BootcPlug.Testing;

namespace BootcPlug.Plugins.Tests;

/// <summary>
/// Plugins run as root: a plugin, its folder, the plugins folder or a folder above it that someone else could have
/// written is refused before any of its code runs. The tests run as root, so "someone else" is nobody (uid 65534).
/// broken-boot throws from its constructor: "Rejected" (not "Failed") proves its code never ran.
/// </summary>
public class PluginTrustTests
{
    private const uint Nobody = 65534;
    private static string TestPlugins => Path.Combine(AppContext.BaseDirectory, "testplugins");

    /// <summary>A folder under /tmp (root-owned, sticky: trusted) holding plugins/ with a copy of broken-boot and
    /// acme-boot.</summary>
    private sealed class Layout : IDisposable
    {
        private readonly TempDir _dir = new();

        public Layout()
        {
            foreach (var plugin in new[] { "broken-boot", "acme-boot" })
            {
                Directory.CreateDirectory(this[$"plugins/{plugin}"]);
                foreach (var file in Directory.GetFiles(Path.Combine(TestPlugins, plugin)))
                    File.Copy(file, Path.Combine(this[$"plugins/{plugin}"], Path.GetFileName(file)));
            }
        }

        public string Temp => _dir.Path;
        public string Plugins => this["plugins"];
        public string this[string relative] => _dir[relative];
        public void Dispose() => _dir.Dispose();
    }

    public enum PluginFault
    {
        FolderOwnedByNobody,
        FolderWorldWritable,
        FolderGroupWritable,
        ManifestGroupWritable,
        ManifestOwnedByNobody,
        AssemblyWorldWritable,
        AssemblyOwnedByNobody,
        DependencyWorldWritable,
        SubfolderWorldWritable,
        SymlinkedAssembly,
        SymlinkedPluginFolder,
        FifoManifest,
    }

    private static (string Path, string Problem) Apply(Layout layout, PluginFault fault)
    {
        string plugin = Path.Combine(layout.Plugins, "broken-boot");
        string manifest = Path.Combine(plugin, "plugin.json"), assembly = Path.Combine(plugin, "broken-boot.dll");
        switch (fault)
        {
            case PluginFault.FolderOwnedByNobody: Chown(plugin); return (plugin, "owned by uid 65534");
            case PluginFault.FolderWorldWritable: Chmod(plugin, "777"); return (plugin,
                "writable by others (mode 0777)");
            case PluginFault.FolderGroupWritable: Chmod(plugin, "775"); return (plugin,
                "writable by its group (mode 0775)");
            case PluginFault.ManifestGroupWritable: Chmod(manifest, "664"); return (manifest,
                "writable by its group (mode 0664)");
            case PluginFault.ManifestOwnedByNobody: Chown(manifest); return (manifest, "owned by uid 65534");
            case PluginFault.AssemblyWorldWritable: Chmod(assembly, "666"); return (assembly,
                "writable by others (mode 0666)");
            case PluginFault.AssemblyOwnedByNobody: Chown(assembly); return (assembly, "owned by uid 65534");
            case PluginFault.DependencyWorldWritable:
                string dependency = Path.Combine(plugin, "Acme.Licensing.dll");
                File.Copy(assembly, dependency);
                Chmod(dependency, "646");
                return (dependency, "writable by others (mode 0646)");
            case PluginFault.SubfolderWorldWritable:
                string runtimes = Path.Combine(plugin, "runtimes");
                Directory.CreateDirectory(runtimes);
                Chmod(runtimes, "1777");
                return (runtimes, "writable by others (mode 1777)");
            case PluginFault.SymlinkedAssembly:
                string real = layout["broken-boot-elsewhere.dll"];
                File.Move(assembly, real);
                File.CreateSymbolicLink(assembly, real);
                return (assembly, "is a symbolic link");
            case PluginFault.SymlinkedPluginFolder:
                string moved = layout["elsewhere-plugin"];
                Directory.Move(plugin, moved);
                Directory.CreateSymbolicLink(plugin, moved);
                return (plugin, "is a symbolic link");
            case PluginFault.FifoManifest:
                File.Delete(manifest);
                Run("mkfifo", manifest);
                return (manifest, "not a regular file or folder");
            default:
                throw new ArgumentOutOfRangeException(nameof(fault));
        }
    }

    public static IEnumerable<object[]> PluginFaults => Enum.GetValues<PluginFault>().Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(PluginFaults))]
    public void A_plugin_anyone_else_could_have_written_is_refused_before_its_code_runs_and_the_others_load(
        PluginFault fault)
    {
        using var layout = new Layout();
        var (path, problem) = Apply(layout, fault);

        using var host = RunWithTimeout(() => PluginHost.Load([layout.Plugins]));
        var broken = host.Plugins.Single(p => p.Name == "broken-boot");
        Assert.Equal(PluginStatus.Rejected, broken.Status);
        Assert.StartsWith($"{path}: {problem}", broken.Reason);
        Assert.Null(broken.Manifest);
        Assert.Equal(["acme-boot"], host.Loaded.Select(p => p.Manifest!.Id));
    }

    public enum FolderFault
    {
        PluginsFolderOwnedByNobody,
        PluginsFolderWorldWritable,
        PluginsFolderStickyWorldWritable,
        ParentWorldWritable,
        ParentGroupWritable,
        ParentOwnedByNobody,
        ParentStickyButOwnedByNobody,
        LinkToUnsafeFolder,
        LinkOwnedByNobody,
    }

    private static (string Path, string Problem, string Given) Apply(Layout layout, FolderFault fault)
    {
        string parent = layout.Temp;
        switch (fault)
        {
            case FolderFault.PluginsFolderOwnedByNobody: Chown(layout.Plugins); return (layout.Plugins,
                "owned by uid 65534", layout.Plugins);
            case FolderFault.PluginsFolderWorldWritable: Chmod(layout.Plugins, "777"); return (layout.Plugins,
                "writable by others", layout.Plugins);
            // The sticky bit is enough for a folder above, never for the plugins folder itself.
            case FolderFault.PluginsFolderStickyWorldWritable: Chmod(layout.Plugins, "1777"); return (layout.Plugins,
                "writable by others", layout.Plugins);
            case FolderFault.ParentWorldWritable: Chmod(parent, "777"); return (parent,
                "writable by others (mode 0777)", layout.Plugins);
            case FolderFault.ParentGroupWritable: Chmod(parent, "770"); return (parent,
                "writable by its group (mode 0770)", layout.Plugins);
            case FolderFault.ParentOwnedByNobody: Chown(parent); return (parent, "owned by uid 65534", layout.Plugins);
            case FolderFault.ParentStickyButOwnedByNobody: Chmod(parent, "1777"); Chown(parent); return (parent,
                "owned by uid 65534", layout.Plugins);
            case FolderFault.LinkToUnsafeFolder:
                Chmod(layout.Plugins, "777");
                string link = layout["link-to-plugins"];
                Directory.CreateSymbolicLink(link, layout.Plugins);
                return (layout.Plugins, "writable by others", link);
            case FolderFault.LinkOwnedByNobody:
                // A link in a sticky folder can be replaced by its owner.
                string sticky = layout["sticky"];
                Directory.CreateDirectory(sticky);
                Chmod(sticky, "1777");
                string owned = Path.Combine(sticky, "plugins");
                Directory.CreateSymbolicLink(owned, layout.Plugins);
                Chown(owned);
                return (owned, "owned by uid 65534", owned);
            default:
                throw new ArgumentOutOfRangeException(nameof(fault));
        }
    }

    public static IEnumerable<object[]> FolderFaults => Enum.GetValues<FolderFault>().Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(FolderFaults))]
    public void A_plugins_folder_that_anyone_else_could_change_is_refused_whole(FolderFault fault)
    {
        using var layout = new Layout();
        var (path, problem, given) = Apply(layout, fault);

        using var host = PluginHost.Load([given], required: [given]);
        var report = Assert.Single(host.Plugins);
        Assert.Equal((PluginStatus.Rejected, given), (report.Status, report.Directory));
        Assert.StartsWith($"{path}: {problem}", report.Reason);
        Assert.Equal(report.Reason, host.FolderRefusal(given));
        Assert.Empty(host.Loaded);
    }

    public enum TrustedLayout { UnderTmp, UnderStickyRootFolder, ThroughSafeSymlink, ThroughRelativeSymlinkWithDotDot }

    public static IEnumerable<object[]> TrustedLayouts
        => Enum.GetValues<TrustedLayout>().Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(TrustedLayouts))]
    public void Root_owned_folders_that_only_root_can_write_load_even_under_a_sticky_folder_or_through_a_link(
        TrustedLayout trusted)
    {
        using var layout = new Layout();
        Directory.Delete(layout["plugins/broken-boot"], recursive: true);
        string given = layout.Plugins;
        switch (trusted)
        {
            case TrustedLayout.UnderStickyRootFolder:
                Chmod(layout.Temp, "1777");
                break;
            case TrustedLayout.ThroughSafeSymlink:
                given = layout["link"];
                Directory.CreateSymbolicLink(given, layout.Plugins);
                break;
            case TrustedLayout.ThroughRelativeSymlinkWithDotDot:
                Directory.CreateDirectory(layout["a/b"]);
                given = layout["a/b/link"];
                File.CreateSymbolicLink(given, "../../plugins");
                break;
        }

        using var host = PluginHost.Load([given], required: [given]);
        Assert.Null(host.FolderRefusal(given));
        Assert.Equal((PluginStatus.Loaded, null),
            (Assert.Single(host.Plugins).Status, Assert.Single(host.Plugins).Reason));
        Assert.Equal(["acme-boot"], host.Loaded.Select(p => p.Manifest!.Id));
    }

    private static void Chown(string path) => Run("chown", "-h", Nobody.ToString(), path);

    private static void Run(string tool, params string[] args) =>
        Assert.Equal(0, System.Diagnostics.Process.Start(tool, args)!.WaitForExitAndCode());

    private static void Chmod(string path, string octal)
        => File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(octal, 8));

    /// <summary>A regression that opens a FIFO would block forever: fail instead.</summary>
    private static T RunWithTimeout<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "plugin loading hung");
        return task.Result;
    }
}

internal static class ProcessExtensions
{
    public static int WaitForExitAndCode(this System.Diagnostics.Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }
}
