namespace BootcPlug.Bootloaders.Formats.Bls;

/// <summary>
/// File names and sort-keys for a set of entries in menu order, so that grub (file name, descending) and
/// systemd-boot (sort-key, ascending) both show them in that order.
/// </summary>
/// <remarks>
/// The scheme is bootc's: <c>bootc_&lt;os id, '-' → '_'&gt;-&lt;version&gt;-&lt;release&gt;.conf</c> with the release
/// highest for the first entry (1 primary, 0 secondary for two entries) and sort-keys
/// <c>bootc-&lt;os id&gt;-&lt;position&gt;</c>.
/// Every entry of a set uses the first entry's os id. Where grub would put the entries in another order (an older
/// version first, which bootc's scheme gets wrong), the version part of the name is prefixed with the rank:
/// <c>bootc_fedora-1.41.0-0.conf</c> before <c>bootc_fedora-0.42.0-0.conf</c>.
/// </remarks>
public static class BlsNaming
{
    /// <summary>
    /// The sort-key of the entry at <paramref name="position"/> in a set of <paramref name="count"/>.
    /// </summary>
    public static string SortKey(string osId, int position, int count) =>
        $"bootc-{osId}-{position.ToString().PadLeft((count - 1).ToString().Length, '0')}";

    /// <summary>The os id part of a <c>bootc-&lt;os&gt;-&lt;n&gt;</c> sort-key, or null.</summary>
    public static string? OsIdFromSortKey(string? sortKey)
    {
        if (sortKey is null || !sortKey.StartsWith("bootc-", StringComparison.Ordinal)) return null;
        int dash = sortKey.LastIndexOf('-');
        return dash > 6 ? sortKey[6..dash] : null;
    }

    /// <summary>
    /// Assigns file names and sort-keys to <paramref name="ordered"/> (menu order) and returns the pairs.
    /// <paramref name="counters"/>, when given, holds each entry's boot counter (<c>+3</c>, <c>+0-3</c> or "" for
    /// none, see <see cref="BlsFileName.Counter"/>), put back into its new name before <c>.conf</c>; the names and
    /// their order are chosen without counters, as systemd-boot compares ids without them.
    /// </summary>
    public static IReadOnlyList<(string FileName, BlsEntry Entry)> Arrange(IReadOnlyList<BlsEntry> ordered, string osId,
        IReadOnlyList<string>? counters = null)
    {
        if (counters is not null && counters.Count != ordered.Count)
            throw new ArgumentException($"{counters.Count} boot counters for {ordered.Count} entries.");
        if (string.IsNullOrWhiteSpace(osId) || osId.Any(c => c is '/' or '\0' || char.IsWhiteSpace(c)))
            throw new ArgumentException($"'{osId}' is not a usable os id.");
        int count = ordered.Count;
        var stem = "bootc_" + osId.Replace('-', '_');
        var names = new string[count];
        for (int i = 0; i < count; i++)
            names[i] = $"{stem}-{SafeVersion(ordered[i].Version)}-{count - 1 - i}.conf";
        if (!InGrubOrder(names) || names.Distinct().Count() != count)
        {
            for (int i = 0; i < count; i++)
                names[i] = $"{stem}-{count - 1 - i}.{SafeVersion(ordered[i].Version)}-0.conf";
        }
        var result = new List<(string, BlsEntry)>(count);
        for (int i = 0; i < count; i++)
        {
            ordered[i].SortKey = SortKey(osId, i, count);
            result.Add((BlsFileName.WithCounter(names[i], counters?[i] ?? ""), ordered[i]));
        }
        return result;
    }

    private static bool InGrubOrder(string[] names)
    {
        for (int i = 1; i < names.Length; i++)
            if (EntryOrder.GrubFileName.Compare(names[i - 1], names[i]) >= 0) return false;
        return true;
    }

    /// <summary>
    /// A version as it may appear in a file name: only letters, digits, '.', '_' and '+' (the characters systemd-boot
    /// accepts in entry names, less '-', grub's field separator); anything else becomes '_'.
    /// </summary>
    public static string SafeVersion(string? version)
    {
        if (string.IsNullOrEmpty(version)) return "0";
        var safe = new string(version
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' ? c : '_')
            .ToArray());
        return safe.StartsWith('.') ? "_" + safe[1..] : safe;
    }

    /// <summary>
    /// True when systemd-boot accepts <paramref name="fileName"/> as an entry name: letters, digits, '+', '-', '_',
    /// '.'.
    /// </summary>
    public static bool IsValidSystemdEntryName(string fileName) =>
        fileName.Length > 0 && fileName.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '_' or '.');
}
