using BootcPlug.Bootloaders;

namespace BootcPlug.Plugins;

/// <summary>The bootloader chosen for a host and the roles that serve it.</summary>
/// <param name="Name">The chosen name, as a manifest declares it (<c>grub</c>, <c>systemd</c>, <c>acme</c>).</param>
/// <param name="StatusName">The status wire name its manifest declares for it (<c>grub</c>, <c>systemd</c>,
/// <c>grub-cc</c> or <c>none</c>).</param>
/// <param name="Reason">Why it was chosen: <c>--bootloader NAME</c>, or the detector's reason and plugin.</param>
/// <param name="Menu">The boot menu of the plugin that declares <paramref name="Name"/>.</param>
/// <param name="Stores">The artifact store used for each artifact type.</param>
/// <param name="Recoveries">The crash recoveries of the menu's plugin, then of the stores' plugins.</param>
public sealed record SelectedBootloader(
    string Name,
    string StatusName,
    string Reason,
    IBootMenu Menu,
    IReadOnlyDictionary<BootArtifactType, IBootArtifactStore> Stores,
    IReadOnlyList<IBootRecovery> Recoveries);

/// <summary>
/// Decides, from manifests alone, which plugins a host command needs, and then which bootloader runs the host.
/// </summary>
/// <remarks>
/// <para><b>Needed plugins.</b> With <c>--bootloader NAME</c>: the first plugin declaring NAME. Without it: every
/// plugin
/// that declares a bootloader (their detectors are asked). In both cases, the plugins with an artifact store that
/// serves any bootloader.</para>
/// <para><b>Detection.</b> Each loaded plugin that declares bootloaders and has a detector is asked, in discovery order
/// (the plugins next to the executable, then <c>--plugins</c>; within a folder, by folder name). A detector may only
/// answer with a name its own manifest declares and that no earlier plugin declares. A certain claim wins over a
/// fallback claim; among claims of the same strength the first plugin wins. A detector that throws is ignored.</para>
/// <para><b>Artifact stores.</b> For each artifact type, the chosen plugin's own store when it has one, otherwise the
/// first loaded plugin's store of that type that serves any bootloader.</para>
/// </remarks>
public static class BootloaderSelection
{
    /// <summary>The filter for <see cref="PluginHost.LoadWhere"/>: the plugins a host command needs.</summary>
    public static Func<PluginManifest, bool> NeededFor(PluginHost host, string? requested)
    {
        var declaring = requested is null ? null : host.Declaring(requested)?.Manifest;
        return manifest =>
            (requested is null ? manifest.Bootloaders is { Count: > 0 } : ReferenceEquals(manifest, declaring))
            || (manifest.Artifacts ?? []).Any(a => a.Serves == ArtifactScope.Any);
    }

    /// <summary>
    /// Chooses the host's bootloader among the loaded plugins: <paramref name="requested"/> when given, else by
    /// detection. Throws <see cref="InvalidOperationException"/> when no loaded plugin can serve the host.
    /// </summary>
    public static SelectedBootloader Select(PluginHost host, BootContext context, string? requested)
    {
        if (requested is not null)
        {
            var plugin = host.Declaring(requested);
            if (plugin is not { Status: PluginStatus.Loaded, Roles.Menu: not null })
                throw new InvalidOperationException(
                    $"no loaded plugin manages the '{requested}' bootloader (--bootloader {requested}); "
                    + "see 'bootcplug plugins list'");
            return Selected(host, plugin, requested, $"--bootloader {requested}");
        }

        var claims = new List<(PluginReport Plugin, BootloaderDetection Detection)>();
        var reasons = new List<string>();
        foreach (var plugin in host.Loaded.Where(p => p.Roles is { Menu: not null, Detector: not null }))
        {
            var detection = Detect(plugin, context);
            if (detection.Bootloader is { } name && !ReferenceEquals(host.Declaring(name), plugin))
                detection = BootloaderDetection.NotDetected(
                    $"answered '{name}', which its manifest does not declare first");
            reasons.Add($"{plugin.Manifest!.Id}: {detection.Reason}");
            if (detection.Detected) claims.Add((plugin, detection));
        }
        var chosen = claims.FirstOrDefault(c => c.Detection.Strength == DetectionStrength.Certain);
        if (chosen.Plugin is null)
            chosen = claims.FirstOrDefault(c => c.Detection.Strength == DetectionStrength.Fallback);
        if (chosen.Plugin is null)
        {
            string why = reasons.Count == 0 ? "no loaded plugin has a detector" : string.Join("; ", reasons);
            throw new InvalidOperationException(
                $"no loaded plugin manages the bootloader of this host ({why}); "
                + "see 'bootcplug plugins list', or choose one with --bootloader");
        }
        var detected = chosen.Detection;
        string strength = detected.Strength == DetectionStrength.Fallback ? " by default" : "";
        return Selected(host, chosen.Plugin, detected.Bootloader!,
            $"{detected.Reason}: bootloader '{detected.Bootloader}'{strength}, plugin {chosen.Plugin.Manifest!.Id}");
    }

    private static BootloaderDetection Detect(PluginReport plugin, BootContext context)
    {
        // A detector is third-party code: whatever it throws counts as "not detected", with the reason.
        try
        {
            return plugin.Roles.Detector!.Detect(context with { Bootloader = null });
        }
        catch (Exception e)
        {
            return BootloaderDetection.NotDetected($"detection failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static SelectedBootloader Selected(PluginHost host, PluginReport plugin, string name, string reason)
    {
        var declaration = plugin.Manifest!.Bootloaders!.First(b => b.Name == name);
        var stores = new Dictionary<BootArtifactType, IBootArtifactStore>();
        var storePlugins = new List<PluginReport> { plugin };
        foreach (var type in Enum.GetValues<BootArtifactType>())
        {
            var own = plugin.Roles.Stores.FirstOrDefault(s => s.Type == type);
            if (own is not null)
            {
                stores[type] = own;
                continue;
            }
            var shared = host.Loaded
                .Where(p => (p.Manifest!.Artifacts ?? [])
                    .Any(a => a.Serves == ArtifactScope.Any && ManifestValues.ArtifactType(a.Type) == type))
                .Select(p => (Plugin: p, Store: p.Roles.Stores.FirstOrDefault(s => s.Type == type)))
                .FirstOrDefault(p => p.Store is not null);
            if (shared.Store is null) continue;
            stores[type] = shared.Store;
            if (!storePlugins.Contains(shared.Plugin)) storePlugins.Add(shared.Plugin);
        }
        var recoveries = storePlugins.SelectMany(p => p.Roles.Recoveries).Distinct().ToList();
        return new SelectedBootloader(
            name, declaration.Status.ToWireName(), reason, plugin.Roles.Menu!, stores, recoveries);
    }
}
