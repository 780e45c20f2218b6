using System.Text.RegularExpressions;

namespace BootcPlug.Bootloaders.Formats.Bls;

/// <summary>An entry file name with systemd's boot counter (<c>name+LEFT-DONE.conf</c>) split off.</summary>
/// <param name="FileName">The file name as on disk.</param>
/// <param name="Id">The entry id: the file name without the counter (<c>name.conf</c>).</param>
/// <param name="TriesLeft">The boot attempts left, when the name has a counter.</param>
/// <param name="TriesDone">The boot attempts made, when the name has a <c>-DONE</c> part.</param>
public sealed partial record BlsFileName(string FileName, string Id, int? TriesLeft, int? TriesDone = null)
{
    /// <summary>True when the name carries a boot counter.</summary>
    public bool Counted => TriesLeft is not null;

    /// <summary>True when the counter ran out: the loader tried every attempt and sorts the entry last.</summary>
    public bool Failed => TriesLeft == 0;

    /// <summary>The counter as written in a name (<c>+3</c>, <c>+2-1</c>), or "" when not counted.</summary>
    public string Counter => TriesLeft is not { } left ? "" : TriesDone is { } done ? $"+{left}-{done}" : $"+{left}";

    /// <summary>
    /// Splits a file name such as <c>x+3-1.conf</c> into id <c>x.conf</c>, 3 tries left and 1 done (systemd's rule:
    /// <c>+LEFT</c> or <c>+LEFT-DONE</c> right before the extension).
    /// </summary>
    public static BlsFileName Parse(string fileName)
    {
        var match = CounterPattern().Match(fileName);
        if (!match.Success) return new(fileName, fileName, null);
        var id = fileName[..match.Index] + match.Groups["ext"].Value;
        if (!int.TryParse(match.Groups["left"].Value, out var left)) return new(fileName, fileName, null);
        int? done = match.Groups["done"].Success && int.TryParse(match.Groups["done"].Value, out var d) ? d : null;
        return new(fileName, id, left, done);
    }

    /// <summary><paramref name="id"/> (a name without counter) with <paramref name="counter"/> put back.</summary>
    public static string WithCounter(string id, string counter) =>
        counter.Length == 0 || !id.EndsWith(".conf", StringComparison.Ordinal) ? id : id[..^5] + counter + ".conf";

    [GeneratedRegex(@"\+(?<left>[0-9]{1,9})(-(?<done>[0-9]{1,9}))?(?<ext>\.[^.+]*)$")]
    private static partial Regex CounterPattern();
}

/// <summary>What the systemd-boot order looks at in one entry.</summary>
/// <param name="Id">The entry id (file name without boot counter).</param>
/// <param name="SortKey">The <c>sort-key</c>, if any.</param>
/// <param name="MachineId">The <c>machine-id</c>, if any.</param>
/// <param name="Version">The <c>version</c>, if any.</param>
/// <param name="TriesLeft">Boot attempts left (0 sorts last), when counted.</param>
public sealed record SystemdSortFields(string Id, string? SortKey, string? MachineId, string? Version, int? TriesLeft)
{
    /// <summary>The fields of a parsed entry read from <paramref name="fileName"/>.</summary>
    public static SystemdSortFields From(string fileName, BlsEntry entry)
    {
        var name = BlsFileName.Parse(fileName);
        return new(name.Id, entry.SortKey, entry.MachineId, entry.Version, name.TriesLeft);
    }
}

/// <summary>
/// The boot-menu orders of the two bootloaders, as comparers where "less" means "earlier in the menu".
/// </summary>
public static class EntryOrder
{
    /// <summary>
    /// systemd-boot's menu order (the one <c>bootctl list</c> prints): entries with no tries left go last; entries
    /// with a sort-key before those without; then sort-key ascending, machine-id ascending (none first), version newest
    /// first; and finally the id, newest first, all with UAPI version comparison where versions are compared.
    /// </summary>
    public static readonly IComparer<SystemdSortFields> SystemdBoot =
        Comparer<SystemdSortFields>.Create(CompareSystemd);

    /// <summary>
    /// grub's order for BLS entries: the file name without <c>.conf</c> is split from the right into name, version and
    /// release; entries are ordered by name, then version, then release, each newest first (RPM comparison).
    /// </summary>
    public static readonly IComparer<string> GrubFileName =
        Comparer<string>.Create((a, b) =>
            -CompareNameVersionRelease(BlsFileName.Parse(a).Id, BlsFileName.Parse(b).Id));

    private static int CompareSystemd(SystemdSortFields? a, SystemdSortFields? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int r = (a.TriesLeft == 0).CompareTo(b.TriesLeft == 0);
        if (r != 0) return r;
        bool keyA = !string.IsNullOrEmpty(a.SortKey), keyB = !string.IsNullOrEmpty(b.SortKey);
        if (keyA != keyB) return keyA ? -1 : 1;
        if (keyA)
        {
            r = string.CompareOrdinal(a.SortKey, b.SortKey);
            if (r != 0) return r;
            r = CompareNullFirst(a.MachineId, b.MachineId);
            if (r != 0) return r;
            r = -UapiVersion.Compare(a.Version, b.Version);
            if (r != 0) return r;
        }
        return -UapiVersion.Compare(a.Id, b.Id);
    }

    private static int CompareNullFirst(string? a, string? b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : string.CompareOrdinal(a, b);

    /// <summary>Splits <c>name-version-release[.conf]</c> from the right; missing parts are empty.</summary>
    public static (string Name, string Version, string Release) SplitNameVersionRelease(string fileName)
    {
        var stem = fileName.EndsWith(".conf", StringComparison.Ordinal) ? fileName[..^5] : fileName;
        int last = stem.LastIndexOf('-');
        if (last < 0) return (stem, "", "");
        var release = stem[(last + 1)..];
        stem = stem[..last];
        int previous = stem.LastIndexOf('-');
        if (previous < 0) return (stem, "", release);
        return (stem[..previous], stem[(previous + 1)..], release);
    }

    /// <summary>
    /// Compares two entry file names by name, version, release (ascending; grub shows the greatest first).
    /// </summary>
    public static int CompareNameVersionRelease(string a, string b)
    {
        var x = SplitNameVersionRelease(a);
        var y = SplitNameVersionRelease(b);
        int r = RpmVersion.Compare(x.Name, y.Name);
        if (r == 0) r = RpmVersion.Compare(x.Version, y.Version);
        if (r == 0) r = RpmVersion.Compare(x.Release, y.Release);
        return r;
    }
}
