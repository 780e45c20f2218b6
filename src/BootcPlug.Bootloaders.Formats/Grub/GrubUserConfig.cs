using System.Text;

namespace BootcPlug.Bootloaders.Formats.Grub;

/// <summary>One <c>menuentry</c> block of a grub config.</summary>
/// <param name="Title">The title (unquoted, escapes resolved).</param>
/// <param name="Body">The body lines without indentation, in order (nested blocks are kept as their lines).</param>
public sealed record GrubMenuEntry(string Title, IReadOnlyList<string> Body)
{
    /// <summary>The 1-based line of the <c>menuentry</c> keyword when parsed from a file.</summary>
    public int Line { get; init; }

    /// <summary>The options between the title and <c>{</c> (e.g. <c>--id x</c>), verbatim.</summary>
    public string Options { get; init; } = "";

    /// <summary>The argument of the first top-level <c>chainloader</c> line, or null.</summary>
    public string? Chainloader => Argument("chainloader");

    /// <summary>The arguments of the <c>search</c> line, or null.</summary>
    public string? Search => Argument("search");

    /// <summary>The modules named by <c>insmod</c> lines.</summary>
    public IEnumerable<string> Insmods =>
        Body.Select(SplitCommand).Where(c => c.Command == "insmod").Select(c => c.Argument);

    private string? Argument(string command)
    {
        foreach (var line in Body)
        {
            var (name, argument) = SplitCommand(line);
            if (name == command) return argument;
        }
        return null;
    }

    private static (string Command, string Argument) SplitCommand(string line)
    {
        int space = line.IndexOfAny([' ', '\t']);
        return space < 0 ? (line, "") : (line[..space], line[(space + 1)..].Trim());
    }

    /// <summary>
    /// The entry bootc writes to chainload a UKI from the ESP found by <c>${EFI_PART_UUID}</c> (set by
    /// <c>efiuuid.cfg</c>).
    /// </summary>
    /// <param name="title">The menu title.</param>
    /// <param name="ukiPath">The UKI's path on the ESP, e.g.
    /// <c>/EFI/Linux/bootc/bootc_composefs-&lt;id&gt;.efi</c>.</param>
    public static GrubMenuEntry ChainloadUki(string title, string ukiPath) => new(title,
    [
        "insmod fat",
        "insmod chain",
        "search --no-floppy --set=root --fs-uuid \"${EFI_PART_UUID}\"",
        $"chainloader {ukiPath}",
    ]);
}

/// <summary>
/// A grub <c>user.cfg</c> as bootc writes it: a header (the <c>efiuuid.cfg</c> source block), then menuentries whose
/// bodies chainload UKIs. Parsing keeps the header text verbatim and skips anything between entries.
/// </summary>
/// <param name="Header">Everything before the first <c>menuentry</c>.</param>
/// <param name="Entries">The menuentries in file (menu) order.</param>
public sealed record GrubUserConfig(string Header, IReadOnlyList<GrubMenuEntry> Entries)
{
    /// <summary>
    /// The header bootc writes: source <c>efiuuid.cfg</c> (which sets <c>EFI_PART_UUID</c>) when it exists.
    /// </summary>
    public const string EfiUuidHeader = "\nif [ -f ${config_directory}/efiuuid.cfg ]; then\n"
        + "        source ${config_directory}/efiuuid.cfg\nfi\n";

    /// <summary>Parses a config; <paramref name="path"/> is only used in error messages.</summary>
    /// <exception cref="BootFormatException">An unterminated quote, unbalanced braces, a menuentry without a title or
    /// without <c>{</c>.</exception>
    public static GrubUserConfig Parse(string text, string path)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var entries = new List<GrubMenuEntry>();
        string? header = null;
        int index = 0;
        while (index < lines.Length)
        {
            var trimmed = lines[index].TrimStart(' ', '\t');
            if (IsMenuEntry(trimmed))
            {
                header ??= string.Join('\n', lines[..index]) + (index > 0 ? "\n" : "");
                entries.Add(ParseEntry(lines, ref index, path));
                continue;
            }
            if (header is not null && trimmed.StartsWith('}'))
                throw new BootFormatException(path, index + 1, "'}' without a matching '{'");
            index++;
        }
        return new GrubUserConfig(header ?? text, entries);
    }

    private static bool IsMenuEntry(string line) =>
        line.StartsWith("menuentry", StringComparison.Ordinal) && (line.Length == 9 || line[9] is ' ' or '\t');

    private static GrubMenuEntry ParseEntry(string[] lines, ref int index, string path)
    {
        int startLine = index + 1;
        var line = lines[index].TrimStart(' ', '\t')[9..].TrimStart(' ', '\t');
        if (line.Length == 0 || line[0] is not ('"' or '\''))
            throw new BootFormatException(path, startLine, "menuentry title must be quoted");
        var (title, afterTitle) = ReadQuoted(line, path, startLine);
        if (title.Length == 0)
            throw new BootFormatException(path, startLine, "menuentry has an empty title");
        var rest = line[afterTitle..];
        int brace = IndexOutsideQuotes(rest, '{');
        if (brace < 0)
            throw new BootFormatException(path, startLine, "menuentry has no '{' on its line");
        var options = rest[..brace].Trim();

        var body = new List<string>();
        int depth = 1;
        var pending = rest[(brace + 1)..];
        int lineNumber = startLine;
        while (true)
        {
            // Scan the pending text for braces outside quotes and ${...}; the entry ends when depth returns to 0.
            int end = ScanBraces(pending, ref depth, path, lineNumber);
            if (end >= 0)
            {
                AddBodyText(body, pending[..end]);
                var after = pending[(end + 1)..].Trim();
                if (after.Length > 0 && after != ";")
                    throw new BootFormatException(path, lineNumber, $"unexpected text after the closing '}}': {after}");
                index++;
                return new GrubMenuEntry(title, body) { Line = startLine, Options = options };
            }
            AddBodyText(body, pending);
            index++;
            if (index >= lines.Length)
                throw new BootFormatException(path, startLine, "menuentry is not closed: unbalanced braces");
            lineNumber = index + 1;
            pending = lines[index];
        }
    }

    private static void AddBodyText(List<string> body, string text)
    {
        var trimmed = text.Trim(' ', '\t');
        if (trimmed.Length > 0) body.Add(trimmed);
    }

    /// <summary>Returns the index of the brace that closes depth 1, or -1 when the text ends first.</summary>
    private static int ScanBraces(string text, ref int depth, string path, int lineNumber)
    {
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"') { i++; continue; }
                if (c == quote) quote = '\0';
                continue;
            }
            switch (c)
            {
                case '\\': i++; break;
                case '"' or '\'': quote = c; break;
                case '#' when i == 0 || char.IsWhiteSpace(text[i - 1]): return -1;
                case '$' when i + 1 < text.Length && text[i + 1] == '{':
                    int close = text.IndexOf('}', i + 2);
                    if (close < 0) throw new BootFormatException(path, lineNumber, "unterminated '${'");
                    i = close;
                    break;
                case '{': depth++; break;
                case '}':
                    if (--depth == 0) return i;
                    break;
            }
        }
        if (quote != '\0') throw new BootFormatException(path, lineNumber, "unterminated quote");
        return -1;
    }

    private static int IndexOutsideQuotes(string text, char wanted)
    {
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == wanted) return i;
        }
        return -1;
    }

    /// <summary>
    /// Reads the word at the start of <paramref name="text"/> up to a blank or <c>{</c>: quoted parts are joined with
    /// what follows them (<c>'it'\''s'</c> is <c>it's</c>); double quotes and bare text allow backslash escapes,
    /// single quotes none.
    /// </summary>
    private static (string Value, int End) ReadQuoted(string text, string path, int line)
    {
        var value = new StringBuilder();
        char quote = '\0';
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (quote == '\0')
            {
                if (c is ' ' or '\t' or '{') break;
                if (c is '"' or '\'') { quote = c; continue; }
            }
            else if (c == quote)
            {
                quote = '\0';
                continue;
            }
            if (c == '\\' && quote != '\'' && i + 1 < text.Length)
            {
                value.Append(text[++i]);
                continue;
            }
            value.Append(c);
        }
        if (quote != '\0') throw new BootFormatException(path, line, "menuentry title has no closing quote");
        return (value.ToString(), i);
    }

    /// <summary>
    /// Quotes a title for grub: double quotes, with <c>\</c>, <c>"</c>, <c>$</c> and <c>`</c> escaped.
    /// </summary>
    public static string Quote(string title)
    {
        var text = new StringBuilder("\"");
        foreach (char c in title)
        {
            if (c is '\\' or '"' or '$' or '`') text.Append('\\');
            text.Append(c);
        }
        return text.Append('"').ToString();
    }

    /// <summary>
    /// Writes the header verbatim and each entry as <c>menuentry "title" {</c>, its body lines unindented, <c>}</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An empty title or body, a line break in a title or body line, or a body
    /// whose braces do not balance.</exception>
    public string Serialize()
    {
        var text = new StringBuilder(Header);
        if (Header.Length > 0 && !Header.EndsWith('\n')) text.Append('\n');
        foreach (var entry in Entries)
        {
            if (entry.Title.Length == 0) throw new ArgumentException("A grub menuentry needs a title.");
            if (entry.Title.Any(c => c is '\n' or '\r' or '\0'))
                throw new ArgumentException($"The menuentry title \"{entry.Title}\" contains a line break.");
            if (entry.Body.Count == 0)
                throw new ArgumentException(
                    $"The menuentry \"{entry.Title}\" has no commands; grub rejects an empty body.");
            text.Append("menuentry ").Append(Quote(entry.Title));
            if (entry.Options.Length > 0) text.Append(' ').Append(entry.Options);
            text.Append(" {\n");
            int depth = 1;
            foreach (var line in entry.Body)
            {
                if (line.Length == 0 || line.Any(c => c is '\n' or '\r' or '\0'))
                    throw new ArgumentException($"Invalid body line in menuentry \"{entry.Title}\": \"{line}\".");
                if (ScanBraces(line, ref depth, "(body)", 0) >= 0)
                    throw new ArgumentException($"A body line closes menuentry \"{entry.Title}\" early: \"{line}\".");
                text.Append(line).Append('\n');
            }
            if (depth != 1) throw new ArgumentException($"The braces of menuentry \"{entry.Title}\" do not balance.");
            text.Append("}\n");
        }
        return text.ToString();
    }
}
