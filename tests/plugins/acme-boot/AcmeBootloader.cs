using BootcPlug.Bootloaders;

namespace Acme.Boot;

/// <summary>
/// A third-party backend that needs nothing but the contract: its menu is ESP/acme/menu, one "verity title" line per
/// entry, live first; staging writes ESP/acme/menu.staged.
/// </summary>
public sealed class AcmeBootloader : IBootloader
{
    public string Name => "acme";

    public IReadOnlyList<string> BootloaderNames { get; } = ["acme"];

    public BootloaderFeatures Features => BootloaderFeatures.Entries;

    private static string Menu(BootContext context, BootEntrySet set) =>
        Path.Combine(context.EspDir, "acme", set == BootEntrySet.Live ? "menu" : "menu.staged");

    public BootloaderDetection Detect(BootContext context) =>
        context.Bootloader == "acme" || File.Exists(Menu(context, BootEntrySet.Live))
            ? new(true, "acme menu present")
            : new(false, "no acme menu");

    public BootEntryListing ListEntries(BootContext context) =>
        new(Read(context, BootEntrySet.Live), Read(context, BootEntrySet.Staged), []);

    private static List<BootEntry> Read(BootContext context, BootEntrySet set)
    {
        var path = Menu(context, set);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path)
            .Where(l => l.Length > 0)
            .Select((line, i) =>
            {
                var parts = line.Split(' ', 2);
                return new BootEntry(parts[0], parts[0], set, i, BootArtifactType.Uki, parts[0], path) { Title = parts.ElementAtOrDefault(1) };
            })
            .ToList();
    }

    public void WriteStaged(BootContext context, EntryTemplate primary, BootEntry? secondary)
    {
        var lines = new List<string> { $"{primary.Verity} {primary.Title}" };
        if (secondary is not null) lines.Add($"{secondary.Verity} {secondary.Title}");
        Directory.CreateDirectory(Path.GetDirectoryName(Menu(context, BootEntrySet.Staged))!);
        File.WriteAllLines(Menu(context, BootEntrySet.Staged), lines);
    }

    public bool FinalizeStaged(BootContext context)
    {
        if (!File.Exists(Menu(context, BootEntrySet.Staged))) return false;
        File.Move(Menu(context, BootEntrySet.Staged), Menu(context, BootEntrySet.Live), overwrite: true);
        return true;
    }

    public bool ClearStaged(BootContext context) => throw new NotSupportedException();

    public void Reorder(BootContext context, IReadOnlyList<BootEntry> order) => throw new NotSupportedException();

    public int RemoveEntries(BootContext context, string verity, BootEntrySet set) => throw new NotSupportedException();

    public BootArtifactListing ListArtifacts(BootContext context) => throw new NotSupportedException();

    public BootArtifact InstallArtifact(BootContext context, BootArtifactSource source) => throw new NotSupportedException();

    public void DeleteArtifact(BootContext context, BootArtifact artifact) => throw new NotSupportedException();
}
