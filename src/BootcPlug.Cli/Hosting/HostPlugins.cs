using System.CommandLine;
using BootcPlug.Deployments;
using BootcPlug.Plugins;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// The plugins of a run: those next to the executable, then those of --plugins. The user asked for --plugins, so a
/// --plugins folder that is refused (not trusted) fails the run instead of being skipped; its absence is a usage
/// error that the option's validator reports before this.
/// </summary>
public static class HostPlugins
{
    public static (PluginHost Host, IReadOnlyList<string> Folders) Load(ParseResult parse, GlobalOptions globals)
    {
        string? extra = parse.GetValue(globals.Plugins)?.FullName;
        var folders = new List<string> { PluginHost.DefaultDirectory };
        if (extra is not null) folders.Add(extra);
        var host = PluginHost.Load(folders, required: extra is null ? [] : [extra]);
        if (extra is not null && host.FolderRefusal(extra) is { } reason)
        {
            host.Dispose();
            throw new OperationFailedException($"--plugins: {reason}");
        }
        return (host, folders);
    }
}
