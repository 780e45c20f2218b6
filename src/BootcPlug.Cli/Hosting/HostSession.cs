using System.CommandLine;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Workflows;
using BootcPlug.Plugins;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// What every host verb starts from: the paths under --root, the loaded plugins, the host's bootloader, a logger,
/// and the host lock. Disposing releases the lock and unloads the plugins.
/// </summary>
public sealed class HostSession : IDisposable
{
    private readonly PluginHost _plugins;
    private readonly HostLock? _lock;

    private HostSession(HostPaths paths, PluginHost plugins, HostBootloaders bootloaders, HostLock? hostLock,
        ILogger logger)
    {
        Paths = paths;
        _plugins = plugins;
        Bootloaders = bootloaders;
        _lock = hostLock;
        Logger = logger;
    }

    public HostPaths Paths { get; }

    public HostBootloaders Bootloaders { get; }

    public ILogger Logger { get; }

    public HostInventory ReadInventory() => HostInventory.Read(Paths, Bootloaders);

    /// <summary>What the workflows work on.</summary>
    public HostContext Host => new(Paths, Bootloaders, Logger);

    public static HostSession Open(ParseResult parse, GlobalOptions globals, bool exclusive, string? root = null,
        string? bootloader = null)
    {
        var paths = new HostPaths(root ?? parse.GetValue(globals.Root)!.FullName,
            parse.GetValue(globals.Esp)?.FullName);
        RequireReadableRoot(paths.Root);
        HostLayoutCheck.Run(paths);
        StartupTrace.Mark("root and layout checks");
        var (plugins, _) = HostPlugins.Discover(parse, globals);
        StartupTrace.Mark("plugin manifests");
        var logger = CliLogging.Create(parse.GetValue(globals.Verbose), parse.GetValue(globals.LogFormat)!,
            parse.InvocationConfiguration.Error);
        HostLock? hostLock = null;
        try
        {
            var bootloaders = HostPlugins.Choose(plugins, paths, bootloader ?? parse.GetValue(globals.Bootloader),
                globals.Platform);
            StartupTrace.Mark("plugin load and detection");
            var error = parse.InvocationConfiguration.Error;
            // A reader on a host that no writer ever locked has nothing to wait for, and must not create files.
            if (exclusive || File.Exists(paths.LockFile))
                hostLock = HostLock.Acquire(paths, exclusive, globals.LockWait(parse),
                () => error.WriteLine($"bootcplug: waiting for another bootcplug to release {paths.LockFile}…"));
            return new HostSession(paths, plugins, bootloaders, hostLock, logger);
        }
        catch
        {
            hostLock?.Dispose();
            plugins.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A root that is missing is a usage error (the option's validator says so before any verb runs); one that exists
    /// but cannot be listed would read as a host with nothing deployed, so it is an error naming it.
    /// </summary>
    private static void RequireReadableRoot(string root)
    {
        if (!Directory.Exists(root)) throw new Deployments.UsageException($"--root: {root}: no such directory");
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(root).GetEnumerator();
            entries.MoveNext();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            string why = ex is UnauthorizedAccessException ? "permission denied" : ex.Message;
            throw new Deployments.OperationFailedException($"{root}: cannot read the host root (--root): {why}");
        }
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _plugins.Dispose();
    }
}
