namespace BootcPlug.Deployments.State;

/// <summary>A malformed state file: which file, which line, what is wrong.</summary>
public sealed class StateFileException(string path, int? line, string problem)
    : Exception(line is null ? $"{path}: {problem}" : $"{path}:{line}: {problem}")
{
    public string FilePath { get; } = path;
}

/// <summary>
/// The INI dialect of bootc's origin files: `[section]` headers, `key = value` lines (whitespace around `=` trimmed),
/// `#`/`;` comments. Written as bootc writes it: sections separated by a blank line, no trailing newline.
/// Order of sections and keys is kept, so unknown keys survive a rewrite.
/// </summary>
public sealed class IniDocument
{
    private readonly List<(string Name, List<KeyValuePair<string, string>> Entries)> _sections = [];

    public static IniDocument Parse(string text, string path)
    {
        var document = new IniDocument();
        List<KeyValuePair<string, string>>? current = null;
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                if (!line.EndsWith(']') || line.Length < 3)
                    throw new StateFileException(path, i + 1, $"malformed section header '{line}'");
                current = document.Section(line[1..^1].Trim(), create: true)!;
                continue;
            }
            int equals = line.IndexOf('=');
            if (equals <= 0) throw new StateFileException(path, i + 1, $"expected 'key = value', found '{line}'");
            if (current is null) throw new StateFileException(path, i + 1, "a key before the first [section]");
            current.Add(new(line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }
        return document;
    }

    public string? Get(string section, string key) =>
        Section(section, create: false)?.LastOrDefault(e => e.Key == key).Value;

    public void Set(string section, string key, string value)
    {
        if (value.Contains('\n'))
            throw new ArgumentException($"a value for {section}.{key} cannot span lines", nameof(value));
        var entries = Section(section, create: true)!;
        int index = entries.FindIndex(e => e.Key == key);
        if (index >= 0) entries[index] = new(key, value);
        else entries.Add(new(key, value));
    }

    public override string ToString() => string.Join("\n\n", _sections.Select(section =>
        string.Join("\n", new[] { $"[{section.Name}]" }.Concat(section.Entries.Select(e => $"{e.Key} = {e.Value}")))));

    private List<KeyValuePair<string, string>>? Section(string name, bool create)
    {
        foreach (var section in _sections)
            if (section.Name == name) return section.Entries;
        if (!create) return null;
        var entries = new List<KeyValuePair<string, string>>();
        _sections.Add((name, entries));
        return entries;
    }
}
