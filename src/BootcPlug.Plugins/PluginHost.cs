using System.Reflection;
using BootcPlug.Bootloaders;
using McMaster.NETCore.Plugins;

namespace BootcPlug.Plugins;

/// <summary>What became of one plugin folder.</summary>
public enum PluginStatus
{
    /// <summary>Loaded; its backends are in <see cref="PluginReport.Bootloaders"/>.</summary>
    Loaded,

    /// <summary>Not loaded because of its folder or manifest (checked before any code ran).</summary>
    Rejected,

    /// <summary>Its code was loaded but failed: a type that would not load, a constructor that threw.</summary>
    Failed,
}

/// <summary>One plugin folder and what the host made of it.</summary>
/// <param name="Name">The folder name.</param>
/// <param name="Directory">The plugin folder.</param>
/// <param name="Status">Loaded, rejected or failed.</param>
/// <param name="Reason">Why it was rejected or failed; null when loaded.</param>
/// <param name="Manifest">The manifest, when it could be read.</param>
/// <param name="Bootloaders">The backends it provides (empty unless loaded).</param>
public sealed record PluginReport(
    string Name,
    string Directory,
    PluginStatus Status,
    string? Reason,
    PluginManifest? Manifest,
    IReadOnlyList<IBootloader> Bootloaders);

/// <summary>
/// Finds bootloader plugins (<c>DIR/&lt;name&gt;/&lt;name&gt;.dll</c> with a <c>plugin.json</c>) and loads those whose
/// contract version fits: same major as <see cref="BootloaderContract.Major"/>, minor not newer than
/// <see cref="BootloaderContract.Minor"/>. Each plugin gets its own load context; the contract assembly is shared so
/// that <see cref="IBootloader"/> is one type for host and plugins. Nothing a plugin does at load stops the others.
/// </summary>
public sealed class PluginHost : IDisposable
{
    private readonly List<PluginLoader> _loaders = [];
    private readonly List<PluginReport> _plugins = [];
    private readonly Dictionary<string, string> _refusedFolders = [];

    private PluginHost() { }

    /// <summary>The folder next to the executable: <c>&lt;app dir&gt;/plugins</c>.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Every plugin folder found, in discovery order, with what became of it.</summary>
    public IReadOnlyList<PluginReport> Plugins => _plugins;

    /// <summary>The backends of every loaded plugin.</summary>
    public IEnumerable<IBootloader> Bootloaders => _plugins.SelectMany(p => p.Bootloaders);

    /// <summary>
    /// Loads the plugins of each folder in turn (normally <see cref="DefaultDirectory"/>, then <c>--plugins</c>). A folder
    /// that does not exist is reported when <paramref name="required"/> holds it, and skipped otherwise. A folder, or a
    /// plugin, that someone other than root or the invoking user could have written is refused (<see cref="PluginTrust"/>)
    /// before any of its files is read. When two
    /// folders hold a plugin with the same id, the first wins and the second is rejected.
    /// </summary>
    public static PluginHost Load(IEnumerable<string> directories, IEnumerable<string>? required = null)
    {
        var host = new PluginHost();
        var mustExist = new HashSet<string>((required ?? []).Select(Path.GetFullPath));
        foreach (var dir in directories.Select(Path.GetFullPath).Distinct())
        {
            if (!System.IO.Directory.Exists(dir))
            {
                if (mustExist.Contains(dir)) host.RefuseFolder(dir, "plugin folder does not exist");
                continue;
            }
            if (PluginTrust.CheckFolderChain(dir) is { } untrusted)
            {
                host.RefuseFolder(dir, untrusted);
                continue;
            }
            foreach (var pluginDir in System.IO.Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
                host._plugins.Add(host.LoadOne(pluginDir));
        }
        return host;
    }

    private void RefuseFolder(string dir, string reason)
    {
        _refusedFolders[dir] = reason;
        _plugins.Add(new PluginReport(Path.GetFileName(dir), dir, PluginStatus.Rejected, reason, null, []));
    }

    /// <summary>
    /// Why the plugins folder <paramref name="directory"/> itself was not searched (missing when required, or not
    /// trusted), or null when it was.
    /// </summary>
    public string? FolderRefusal(string directory)
    {
        return _refusedFolders.GetValueOrDefault(Path.GetFullPath(directory));
    }

    private PluginReport LoadOne(string pluginDir)
    {
        var name = Path.GetFileName(pluginDir);
        PluginReport Rejected(string reason, PluginManifest? manifest = null) => new(name, pluginDir, PluginStatus.Rejected, reason, manifest, []);
        PluginReport Failed(string reason, PluginManifest manifest) => new(name, pluginDir, PluginStatus.Failed, reason, manifest, []);

        // Before anything of the plugin is read: its manifest, its assembly and every dependency McMaster could load from its folder.
        if (PluginTrust.CheckPluginTree(pluginDir) is { } untrusted) return Rejected(untrusted);

        var manifestPath = Path.Combine(pluginDir, "plugin.json");
        if (!File.Exists(manifestPath)) return Rejected($"no plugin.json in {pluginDir}");
        PluginManifest manifest;
        try
        {
            manifest = PluginManifestReader.Read(manifestPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return Rejected(e.Message);
        }

        if (CheckContractVersion(manifest.ContractVersion) is { } versionProblem) return Rejected(versionProblem, manifest);
        if (_plugins.FirstOrDefault(p => p.Status == PluginStatus.Loaded && p.Manifest?.Id == manifest.Id) is { } first)
            return Rejected($"plugin id '{manifest.Id}' is already loaded from {first.Directory}", manifest);

        var assemblyPath = Path.GetFullPath(Path.Combine(pluginDir, manifest.Assembly ?? name + ".dll"));
        if (Path.GetDirectoryName(assemblyPath) != Path.GetFullPath(pluginDir))
            return Rejected($"assembly '{manifest.Assembly}' is not inside the plugin folder", manifest);
        if (!File.Exists(assemblyPath)) return Rejected($"{assemblyPath} does not exist", manifest);
        if (File.Exists(Path.Combine(pluginDir, typeof(IBootloader).Assembly.GetName().Name + ".dll")))
            return Rejected("the plugin folder carries its own copy of the contract assembly; reference it with Private=false", manifest);

        PluginLoader? loader = null;
        try
        {
            // The platform layer is shared too: the host's durable file operations (and the fault points they report
            // to) reach a plugin through BootContext.Services, which needs one DurableFiles type in both.
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath,
                sharedTypes: [typeof(IBootloader), typeof(BootcPlug.Platform.DurableFiles)]);
            var assembly = loader.LoadDefaultAssembly();
            var contract = typeof(IBootloader).Assembly.GetName();
            var referenced = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == contract.Name);
            if (referenced?.Version is { } built && built.Major != contract.Version!.Major)
            {
                loader.Dispose();
                return Rejected($"{Path.GetFileName(assemblyPath)} was compiled against contract assembly {built}, this host has {contract.Version}", manifest);
            }
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                loader.Dispose();
                var cause = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
                return Failed($"incompatible with this host's contract: {cause}", manifest);
            }
            var candidates = types
                .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IBootloader).IsAssignableFrom(t))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 0)
            {
                loader.Dispose();
                return Rejected($"{Path.GetFileName(assemblyPath)} has no public class implementing {typeof(IBootloader).FullName}", manifest);
            }
            var bootloaders = new List<IBootloader>();
            foreach (var type in candidates)
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                {
                    loader.Dispose();
                    return Failed($"{type.FullName} has no public parameterless constructor", manifest);
                }
                bootloaders.Add((IBootloader)Activator.CreateInstance(type)!);
            }
            _loaders.Add(loader);
            return new PluginReport(name, pluginDir, PluginStatus.Loaded, null, manifest, bootloaders);
        }
        catch (Exception e)
        {
            loader?.Dispose();
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            return Failed($"threw while loading: {cause.GetType().Name}: {cause.Message}", manifest);
        }
    }

    /// <summary>Null when a plugin built for <paramref name="contractVersion"/> may load here, otherwise why not.</summary>
    public static string? CheckContractVersion(string contractVersion)
    {
        var parts = contractVersion.Split('.');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var major) || !int.TryParse(parts[1], out var minor))
            return $"contract version '{contractVersion}' is not major.minor";
        if (major != BootloaderContract.Major)
            return $"built for contract {contractVersion}, but this host implements contract {BootloaderContract.Version}: the major versions differ";
        if (minor > BootloaderContract.Minor)
            return $"built for contract {contractVersion}, newer than this host's {BootloaderContract.Version}: update bootcplug";
        return null;
    }

    /// <summary>
    /// The loaded backend that owns the boot menu on this host: the first, in plugin order, that declares
    /// <see cref="BootloaderFeatures.Entries"/> and detects itself. A backend whose detection throws is skipped.
    /// </summary>
    public IBootloader? SelectMenuBackend(BootContext context) =>
        Bootloaders.FirstOrDefault(b => Safely(() => b.Features.HasFlag(BootloaderFeatures.Entries) && b.Detect(context).Detected));

    /// <summary>The loaded backends that manage artifacts and detect themselves on this host.</summary>
    public IEnumerable<IBootloader> SelectArtifactBackends(BootContext context) =>
        Bootloaders.Where(b => Safely(() => b.Features.HasFlag(BootloaderFeatures.Artifacts) && b.Detect(context).Detected));

    private static bool Safely(Func<bool> probe)
    {
        try { return probe(); }
        catch (Exception) { return false; }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var loader in _loaders) loader.Dispose();
        _loaders.Clear();
    }
}
