using System.CommandLine;
using BootcPlug.Deployments;
using BootcPlug.Deployments.Layout;
using BootcPlug.Platform;
using BootcPlug.Plugins;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// The plugins of a run: those next to the executable, then those of --plugins. The user asked for --plugins, so a
/// --plugins folder that is refused (not trusted) fails the run instead of being skipped; its absence is a usage
/// error that the option's validator reports before this. Manifests are read first; code is loaded only for the
/// plugins a command needs.
/// </summary>
public static class HostPlugins
{
    /// <summary>The plugin folders of a run, in the order their plugins are considered.</summary>
    public static IReadOnlyList<string> Folders(string? extra) =>
        extra is null ? [PluginHost.DefaultDirectory] : [PluginHost.DefaultDirectory, extra];

    /// <summary>Reads every manifest of the run's plugin folders; no plugin code is loaded.</summary>
    public static (PluginHost Host, IReadOnlyList<string> Folders) Discover(ParseResult parse, GlobalOptions globals)
    {
        string? extra = parse.GetValue(globals.Plugins)?.FullName;
        var folders = Folders(extra);
        var host = PluginHost.Discover(folders, required: extra is null ? [] : [extra]);
        if (extra is not null && host.FolderRefusal(extra) is { } reason)
        {
            host.Dispose();
            throw new OperationFailedException($"--plugins: {reason}");
        }
        return (host, folders);
    }

    /// <summary>Reads every manifest and loads the code of every plugin (for <c>plugins list</c>).</summary>
    public static (PluginHost Host, IReadOnlyList<string> Folders) LoadAll(ParseResult parse, GlobalOptions globals)
    {
        var (host, folders) = Discover(parse, globals);
        host.LoadWhere(_ => true);
        return (host, folders);
    }

    /// <summary>
    /// Loads the plugins a host verb needs and chooses the host's bootloader: <paramref name="requested"/>, or the one
    /// the loaded plugins' detectors find.
    /// </summary>
    public static HostBootloaders Choose(PluginHost plugins, HostPaths paths, string? requested,
        PlatformServices? platform = null)
    {
        plugins.LoadWhere(BootloaderSelection.NeededFor(plugins, requested));
        var context = HostBootloaders.ContextFor(paths, platform);
        var selected = BootloaderSelection.Select(plugins, context, requested);
        return new HostBootloaders(context, selected.Name, selected.StatusName, selected.Reason, selected.Menu,
            selected.Stores, selected.Recoveries, platform);
    }
}
