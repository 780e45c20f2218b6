using BootcPlug.Bootloaders;

namespace BootcPlug.Plugins;

/// <summary>
/// Sorts a plugin's role instances and checks them against its manifest, which the host decided from before any code
/// ran: a menu exactly when bootloaders are declared, a detector only then, and one artifact store per declared type.
/// </summary>
public static class PluginRoleCheck
{
    /// <summary>The plugin's roles; <paramref name="mismatch"/> says how code and manifest disagree, or is
    /// null.</summary>
    public static PluginRoles Collect(IReadOnlyList<object> instances, PluginManifest manifest, out string? mismatch)
    {
        var menus = instances.OfType<IBootMenu>().ToList();
        var detectors = instances.OfType<IBootloaderDetector>().ToList();
        var stores = instances.OfType<IBootArtifactStore>().ToList();
        var recoveries = instances.OfType<IBootRecovery>().ToList();
        var roles = new PluginRoles(menus.FirstOrDefault(), detectors.FirstOrDefault(), stores, recoveries);
        mismatch = Mismatch(manifest, menus.Count, detectors.Count, stores);
        return roles;
    }

    private static string? Mismatch(PluginManifest manifest, int menus, int detectors, List<IBootArtifactStore> stores)
    {
        bool declaresBootloaders = manifest.Bootloaders is { Count: > 0 };
        if (declaresBootloaders && menus != 1)
            return $"plugin.json declares bootloaders, so the plugin needs exactly one {nameof(IBootMenu)} class "
                + $"(it has {menus})";
        if (!declaresBootloaders && menus > 0)
            return $"the plugin has an {nameof(IBootMenu)} class but plugin.json declares no bootloaders for it";
        if (detectors > 1)
            return $"the plugin has {detectors} {nameof(IBootloaderDetector)} classes; "
                + "one answers for all its bootloaders";
        if (!declaresBootloaders && detectors > 0)
            return $"the plugin has an {nameof(IBootloaderDetector)} class "
                + "but plugin.json declares no bootloaders for it to detect";
        var declared = (manifest.Artifacts ?? []).Select(a => ManifestValues.ArtifactType(a.Type)).ToList();
        var implemented = stores.Select(s => s.Type).ToList();
        if (declared.Count != declared.Distinct().Count())
            return "plugin.json lists an artifact type twice";
        if (!declared.Order().SequenceEqual(implemented.Order()))
            return $"plugin.json lists artifact stores [{string.Join(", ", declared.Order())}] "
                + "but the plugin implements "
                + $"[{string.Join(", ", implemented.Order())}]";
        return null;
    }
}

/// <summary>Maps the manifest's wire enums onto the contract's types.</summary>
public static class ManifestValues
{
    /// <summary>The contract's artifact type for a manifest's <c>artifacts[].type</c>.</summary>
    public static BootArtifactType ArtifactType(ArtifactType type) => type switch
    {
        Plugins.ArtifactType.Bls => BootArtifactType.Bls,
        Plugins.ArtifactType.Uki => BootArtifactType.Uki,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown artifact type"),
    };
}
