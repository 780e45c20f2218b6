using BootcPlug.Bootloaders;

namespace BootcPlug.Plugins;

/// <summary>What became of one plugin folder.</summary>
public enum PluginStatus
{
    /// <summary>Its manifest was read and accepted; its code was not loaded because the command does not need
    /// it.</summary>
    Available,

    /// <summary>Loaded; its roles are in <see cref="PluginReport.Roles"/>.</summary>
    Loaded,

    /// <summary>Not loaded because of its folder or manifest (checked before any code ran).</summary>
    Rejected,

    /// <summary>Its code was loaded but failed: a type that would not load, a constructor that threw, roles that do not
    /// match its manifest.</summary>
    Failed,
}

/// <summary>The role instances a loaded plugin provides, one instance per public role class.</summary>
/// <param name="Menu">Its boot menu, when its manifest declares bootloaders.</param>
/// <param name="Detector">Its detector, if it has one.</param>
/// <param name="Stores">Its artifact stores, one per type its manifest lists.</param>
/// <param name="Recoveries">Its crash recoveries.</param>
public sealed record PluginRoles(
    IBootMenu? Menu,
    IBootloaderDetector? Detector,
    IReadOnlyList<IBootArtifactStore> Stores,
    IReadOnlyList<IBootRecovery> Recoveries)
{
    /// <summary>No roles: a plugin that is not loaded.</summary>
    public static PluginRoles None { get; } = new(null, null, [], []);

    /// <summary>The names of the roles present, for <c>plugins list</c>.</summary>
    public IEnumerable<string> Names()
    {
        if (Menu is not null) yield return "menu";
        foreach (var store in Stores) yield return $"artifact store ({store.Type.ToString().ToLowerInvariant()})";
        if (Detector is not null) yield return "detector";
        if (Recoveries.Count > 0) yield return "recovery";
    }
}

/// <summary>One plugin folder and what the host made of it.</summary>
/// <param name="Name">The folder name.</param>
/// <param name="Directory">The plugin folder.</param>
/// <param name="Status">Available, loaded, rejected or failed.</param>
/// <param name="Reason">Why it was rejected or failed; null otherwise.</param>
/// <param name="Manifest">The manifest, when it could be read.</param>
/// <param name="Roles">The roles it provides (<see cref="PluginRoles.None"/> unless loaded).</param>
public sealed record PluginReport(
    string Name,
    string Directory,
    PluginStatus Status,
    string? Reason,
    PluginManifest? Manifest,
    PluginRoles Roles)
{
    /// <summary>The bootloader names its manifest declares, in order.</summary>
    public IEnumerable<string> BootloaderNames => (Manifest?.Bootloaders ?? []).Select(b => b.Name);
}
