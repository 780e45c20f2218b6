using System.Text;

namespace BootcPlug.Bootloaders.Formats.Bls;

/// <summary>
/// A Boot Loader Specification Type1 entry (<c>loader/entries/*.conf</c>). Known keys have properties; any other key
/// is kept in <see cref="Extra"/> in the order it appeared and written back in that order.
/// </summary>
public sealed class BlsEntry
{
    /// <summary><c>title</c>: the menu text.</summary>
    public string? Title { get; set; }

    /// <summary><c>version</c>: required by this tool (systemd-boot orders by it).</summary>
    public string? Version { get; set; }

    /// <summary><c>linux</c>: the kernel, relative to the partition root.</summary>
    public string? Linux { get; set; }

    /// <summary><c>initrd</c> lines, in order.</summary>
    public List<string> Initrd { get; } = [];

    /// <summary>
    /// <c>options</c>: the kernel command line (several lines are joined with one space, as systemd-boot does).
    /// </summary>
    public string? Options { get; set; }

    /// <summary>
    /// The UKI path and which key names it (<c>efi</c> or <c>uki</c>), or null for a Type1 kernel entry.
    /// </summary>
    public string? Efi { get; set; }

    /// <summary>The key <see cref="Efi"/> is written with: <c>efi</c> (default) or <c>uki</c>.</summary>
    public string EfiKey { get; set; } = "efi";

    /// <summary><c>machine-id</c>.</summary>
    public string? MachineId { get; set; }

    /// <summary><c>sort-key</c>.</summary>
    public string? SortKey { get; set; }

    /// <summary>Every other key with its value, in file order.</summary>
    public List<KeyValuePair<string, string>> Extra { get; } = [];

    /// <summary>True when the entry boots a UKI (<c>efi</c>/<c>uki</c>) rather than <c>linux</c>.</summary>
    public bool IsUki => Efi is not null;

    /// <summary>Parses an entry; <paramref name="path"/> is only used in error messages.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="requireVersion">False to accept an entry without <c>version</c> (the BLS makes it optional; bootc's
    /// entries always have one).</param>
    /// <exception cref="BootFormatException">A line without a value, no <c>version</c>, both or neither of <c>linux</c>
    /// and <c>efi</c>/<c>uki</c>.</exception>
    public static BlsEntry Parse(string text, string path, bool requireVersion = true)
    {
        var entry = new BlsEntry();
        int? linuxLine = null, efiLine = null;
        int number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.Contains('\0'))
                throw new BootFormatException(path, number, "NUL byte in entry");
            int split = line.IndexOfAny([' ', '\t']);
            if (split < 0)
                throw new BootFormatException(path, number, $"key '{line}' has no value");
            var key = line[..split];
            var value = line[(split + 1)..].Trim(' ', '\t');
            switch (key)
            {
                case "title": entry.Title = value; break;
                case "version": entry.Version = value; break;
                case "linux": entry.Linux = value; linuxLine = number; break;
                case "initrd": entry.Initrd.Add(value); break;
                case "options": entry.Options = entry.Options is null ? value : entry.Options + " " + value; break;
                case "efi" or "uki":
                    if (efiLine is not null)
                        throw new BootFormatException(path, number, "more than one 'efi'/'uki' line");
                    entry.Efi = value; entry.EfiKey = key; efiLine = number; break;
                case "machine-id": entry.MachineId = value; break;
                case "sort-key": entry.SortKey = value; break;
                default: entry.Extra.Add(new(key, value)); break;
            }
        }
        if (linuxLine is { } l && efiLine is { } e)
            throw new BootFormatException(path, Math.Max(l, e), "'linux' and 'efi'/'uki' values present");
        if (linuxLine is null && efiLine is null)
            throw new BootFormatException(path, null, "missing 'linux', 'efi', or 'uki' value");
        if (entry.Version is null && requireVersion)
            throw new BootFormatException(path, null, "missing 'version'");
        return entry;
    }

    /// <summary>
    /// Writes the entry: <c>title</c>, <c>version</c>, then <c>linux</c> + each <c>initrd</c> + <c>options</c> or the
    /// <c>efi</c>/<c>uki</c> line, then <c>machine-id</c>, <c>sort-key</c>, then the extra keys in their order; one
    /// space between key and value, a newline after every line.
    /// </summary>
    /// <exception cref="ArgumentException">A value that would not read back the same (a line break, surrounding blanks,
    /// empty), or an entry <see cref="Parse"/> would reject.</exception>
    public string Serialize()
    {
        if (Version is null) throw new ArgumentException("A BLS entry needs a 'version'.");
        if ((Linux is null) == (Efi is null))
            throw new ArgumentException("A BLS entry needs exactly one of 'linux' and 'efi'/'uki'.");
        if (EfiKey is not ("efi" or "uki")) throw new ArgumentException($"'{EfiKey}' is not an EFI key (efi, uki).");
        var text = new StringBuilder();
        Append(text, "title", Title);
        Append(text, "version", Version);
        if (Linux is not null)
        {
            Append(text, "linux", Linux);
            foreach (var initrd in Initrd) Append(text, "initrd", initrd);
            Append(text, "options", Options);
        }
        else
        {
            Append(text, EfiKey, Efi);
        }
        Append(text, "machine-id", MachineId);
        Append(text, "sort-key", SortKey);
        foreach (var (key, value) in Extra)
        {
            if (key.Length == 0 || key[0] == '#' || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                throw new ArgumentException($"'{key}' is not a valid BLS key.");
            if (key is "title" or "version" or "linux" or "initrd" or "options" or "efi" or "uki" or "machine-id"
                or "sort-key")
                throw new ArgumentException($"'{key}' belongs in its own property, not in Extra.");
            Append(text, key, value);
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, string key, string? value)
    {
        if (value is null) return;
        if (value.Length == 0 || value != value.Trim(' ', '\t') || value.Any(c => c is '\n' or '\r' or '\0'))
            throw new ArgumentException($"The value of '{key}' cannot be written to a BLS entry: \"{value}\".");
        text.Append(key).Append(' ').Append(value).Append('\n');
    }

    /// <summary>Finds the <c>composefs=</c> karg in <see cref="Options"/>; see <see cref="ComposefsKarg"/>.</summary>
    public ComposefsKarg? ComposefsKarg => Formats.ComposefsKarg.Find(Options);
}
