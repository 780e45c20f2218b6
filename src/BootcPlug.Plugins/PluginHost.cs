using System.Reflection;
using BootcPlug.Bootloaders;
using McMaster.NETCore.Plugins;

namespace BootcPlug.Plugins;

/// <summary>
/// Finds bootloader plugins (<c>DIR/&lt;name&gt;/&lt;name&gt;.dll</c> with a <c>plugin.json</c>), reads every manifest
/// first (<see cref="Discover"/>, no code loaded), then loads the code of the plugins a command needs
/// (<see cref="LoadWhere"/>) when their contract version fits: same major as <see cref="BootloaderContract.Major"/>,
/// minor not newer than <see cref="BootloaderContract.Minor"/>. Each plugin gets its own load context; the contract
/// assembly is shared so that the role interfaces are one type for host and plugins. A plugin's roles are found by
/// type: one instance of every public class implementing <see cref="IBootMenu"/>, <see cref="IBootArtifactStore"/>,
/// <see cref="IBootloaderDetector"/> or <see cref="IBootRecovery"/>. Nothing a plugin does at load stops the others.
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

    /// <summary>The plugins whose code is loaded, in discovery order.</summary>
    public IEnumerable<PluginReport> Loaded => _plugins.Where(p => p.Status == PluginStatus.Loaded);

    /// <summary>
    /// Every bootloader name a readable, accepted manifest declares, in discovery order, each once: what
    /// <c>--bootloader</c> accepts. When two plugins declare the same name, the first serves it.
    /// </summary>
    public IReadOnlyList<string> DeclaredBootloaders =>
        _plugins.Where(p => p.Status != PluginStatus.Rejected).SelectMany(p => p.BootloaderNames).Distinct().ToList();

    /// <summary>The first accepted plugin whose manifest declares <paramref name="bootloader"/>, or null.</summary>
    public PluginReport? Declaring(string bootloader) =>
        _plugins.FirstOrDefault(p => p.Status != PluginStatus.Rejected && p.BootloaderNames.Contains(bootloader));

    /// <summary>Discovers the plugins of <paramref name="directories"/> and loads the code of every one of
    /// them.</summary>
    public static PluginHost Load(IEnumerable<string> directories, IEnumerable<string>? required = null)
    {
        var host = Discover(directories, required);
        host.LoadWhere(_ => true);
        return host;
    }

    /// <summary>
    /// Reads the manifests of each folder in turn (normally <see cref="DefaultDirectory"/>, then <c>--plugins</c>). A
    /// folder
    /// that does not exist is reported when <paramref name="required"/> holds it, and skipped otherwise. A folder, or a
    /// plugin, that someone other than root or the invoking user could have written is refused (<see
    /// cref="PluginTrust"/>)
    /// before any of its files is read. When two
    /// folders hold a plugin with the same id, the first wins and the second is rejected.
    /// </summary>
    public static PluginHost Discover(IEnumerable<string> directories, IEnumerable<string>? required = null)
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
                host._plugins.Add(host.ReadOne(pluginDir));
        }
        return host;
    }

    /// <summary>Loads the code of every available plugin whose manifest <paramref name="needed"/> accepts.</summary>
    public void LoadWhere(Func<PluginManifest, bool> needed)
    {
        for (int i = 0; i < _plugins.Count; i++)
        {
            if (_plugins[i] is { Status: PluginStatus.Available, Manifest: { } manifest } plugin && needed(manifest))
                _plugins[i] = LoadCode(plugin, manifest);
        }
    }

    private void RefuseFolder(string dir, string reason)
    {
        _refusedFolders[dir] = reason;
        _plugins.Add(
            new PluginReport(Path.GetFileName(dir), dir, PluginStatus.Rejected, reason, null, PluginRoles.None));
    }

    /// <summary>
    /// Why the plugins folder <paramref name="directory"/> itself was not searched (missing when required, or not
    /// trusted), or null when it was.
    /// </summary>
    public string? FolderRefusal(string directory)
    {
        return _refusedFolders.GetValueOrDefault(Path.GetFullPath(directory));
    }

    private PluginReport ReadOne(string pluginDir)
    {
        var name = Path.GetFileName(pluginDir);
        PluginReport Rejected(string reason, PluginManifest? manifest = null) =>
            new(name, pluginDir, PluginStatus.Rejected, reason, manifest, PluginRoles.None);

        // Before anything of the plugin is read: its manifest, its assembly and every dependency McMaster could load
        // from its folder.
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

        if (CheckContractVersion(manifest.ContractVersion) is { } versionProblem)
            return Rejected(versionProblem, manifest);
        if (_plugins.FirstOrDefault(p => p.Status != PluginStatus.Rejected && p.Manifest?.Id == manifest.Id)
            is { } first)
            return Rejected($"plugin id '{manifest.Id}' is already loaded from {first.Directory}", manifest);

        var assemblyPath = Path.GetFullPath(Path.Combine(pluginDir, manifest.Assembly ?? name + ".dll"));
        if (Path.GetDirectoryName(assemblyPath) != Path.GetFullPath(pluginDir))
            return Rejected($"assembly '{manifest.Assembly}' is not inside the plugin folder", manifest);
        if (!File.Exists(assemblyPath)) return Rejected($"{assemblyPath} does not exist", manifest);
        if (File.Exists(Path.Combine(pluginDir, ContractAssembly.GetName().Name + ".dll")))
            return Rejected(
                "the plugin folder carries its own copy of the contract assembly; reference it with Private=false",
                manifest);
        return new PluginReport(name, pluginDir, PluginStatus.Available, null, manifest, PluginRoles.None);
    }

    private static Assembly ContractAssembly => typeof(IBootMenu).Assembly;

    private static readonly Type[] RoleTypes = [typeof(IBootMenu), typeof(IBootArtifactStore),
        typeof(IBootloaderDetector), typeof(IBootRecovery)];

    private static string AssemblyPath(string pluginDir, PluginManifest manifest) =>
        Path.GetFullPath(Path.Combine(pluginDir, manifest.Assembly ?? Path.GetFileName(pluginDir) + ".dll"));

    private PluginReport LoadCode(PluginReport plugin, PluginManifest manifest)
    {
        var assemblyPath = AssemblyPath(plugin.Directory, manifest);
        PluginReport Rejected(string reason) => plugin with { Status = PluginStatus.Rejected, Reason = reason };
        PluginReport Failed(string reason) => plugin with { Status = PluginStatus.Failed, Reason = reason };
        PluginLoader? loader = null;
        try
        {
            // The platform layer is shared too: the host's durable file operations (and the fault points they report
            // to) reach a plugin through BootContext.Services, which needs one DurableFiles type in both.
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath,
                sharedTypes: [typeof(IBootMenu), typeof(BootcPlug.Platform.DurableFiles)]);
            var assembly = loader.LoadDefaultAssembly();
            var contract = ContractAssembly.GetName();
            var referenced = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == contract.Name);
            if (referenced?.Version is { } built && built.Major != contract.Version!.Major)
            {
                loader.Dispose();
                return Rejected($"{Path.GetFileName(assemblyPath)} was compiled against contract assembly {built}, "
                    + $"this host has {contract.Version}");
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
                return Failed($"incompatible with this host's contract: {cause}");
            }
            var candidates = types
                .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }
                    && RoleTypes.Any(r => r.IsAssignableFrom(t)))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 0)
            {
                loader.Dispose();
                return Rejected($"{Path.GetFileName(assemblyPath)} has no public class implementing a role of the "
                    + $"bootloader contract ({string.Join(", ", RoleTypes.Select(r => r.Name))})");
            }
            var instances = new List<object>();
            foreach (var type in candidates)
            {
                if (type.GetConstructor(Type.EmptyTypes) is null)
                {
                    loader.Dispose();
                    return Failed($"{type.FullName} has no public parameterless constructor");
                }
                instances.Add(Activator.CreateInstance(type)!);
            }
            var roles = PluginRoleCheck.Collect(instances, manifest, out var mismatch);
            if (mismatch is not null)
            {
                loader.Dispose();
                return Failed(mismatch);
            }
            _loaders.Add(loader);
            return plugin with { Status = PluginStatus.Loaded, Reason = null, Roles = roles };
        }
        catch (Exception e)
        {
            loader?.Dispose();
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            return Failed($"threw while loading: {cause.GetType().Name}: {cause.Message}");
        }
    }

    /// <summary>Null when a plugin built for <paramref name="contractVersion"/> may load here, otherwise why
    /// not.</summary>
    public static string? CheckContractVersion(string contractVersion)
    {
        var parts = contractVersion.Split('.');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var major) || !int.TryParse(parts[1], out var minor))
            return $"contract version '{contractVersion}' is not major.minor";
        if (major != BootloaderContract.Major)
            return $"built for contract {contractVersion}, but this host implements contract "
                + $"{BootloaderContract.Version}: the major versions differ";
        if (minor > BootloaderContract.Minor)
            return $"built for contract {contractVersion}, newer than this host's {BootloaderContract.Version}: "
                + "update bootcplug";
        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var loader in _loaders) loader.Dispose();
        _loaders.Clear();
    }
}
