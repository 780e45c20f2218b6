using System.Text;

namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// An os-release file (<c>KEY=value</c> lines, values optionally quoted), as found in a UKI's <c>.osrel</c> section.
/// </summary>
public sealed class OsRelease
{
    private readonly Dictionary<string, string> _values;

    private OsRelease(Dictionary<string, string> values) => _values = values;

    /// <summary>A value, or null when the key is absent or empty.</summary>
    public string? this[string key] => _values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>The menu title the way bootc picks it: <c>PRETTY_NAME</c>, else <c>NAME</c>, else <c>ID</c>.</summary>
    public string? Title => this["PRETTY_NAME"] ?? this["NAME"] ?? this["ID"];

    /// <summary><c>VERSION_ID</c>, else <c>VERSION</c>.</summary>
    public string? Version => this["VERSION_ID"] ?? this["VERSION"];

    /// <summary><c>ID</c>.</summary>
    public string? Id => this["ID"];

    /// <summary>
    /// Parses os-release text. Lines that are blank, comments or not <c>KEY=value</c> are ignored, as systemd does.
    /// </summary>
    public static OsRelease Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int eq = line.IndexOf('=');
            if (eq <= 0) continue;
            values[line[..eq].Trim()] = Unquote(line[(eq + 1)..].Trim());
        }
        return new OsRelease(values);
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] is not ('"' or '\'') || value[^1] != value[0]) return value;
        char quote = value[0];
        var inner = value[1..^1];
        if (quote == '\'') return inner;
        var text = new StringBuilder();
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length) i++;
            text.Append(inner[i]);
        }
        return text.ToString();
    }
}
