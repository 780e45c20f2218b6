using System.Text;

namespace BootcPlug.Cli.Docs;

/// <summary>Text made safe for roff man pages.</summary>
public static class Roff
{
    /// <summary>
    /// Prose: backslashes escaped, a line never starting with a control character, and a dash that starts a word
    /// (an option such as --root) written as a minus so it can be copied and typed; other hyphens stay hyphens.
    /// </summary>
    public static string Text(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\') escaped.Append("\\e");
            else if (c == '-' && (i == 0 || text[i - 1] is ' ' or '(' or '-' or '\'' or '[' or '|' or '"'))
                escaped.Append("\\-");
            else escaped.Append(c);
        }
        return LineSafe(escaped.ToString());
    }

    /// <summary>A literal word the user types (a verb, an option, a value): every dash a minus.</summary>
    public static string Literal(string word) => word.Replace("\\", "\\e", StringComparison.Ordinal)
        .Replace("-", "\\-", StringComparison.Ordinal);

    public static string Bold(string word) => $"\\fB{Literal(word)}\\fR";

    public static string Italic(string word) => $"\\fI{Literal(word)}\\fR";

    /// <summary>
    /// A text line broken at spaces into lines of at most <paramref name="width"/> characters where it can be (a word
    /// longer than that keeps its line), each safe to start a line: in fill mode a newline is a space.
    /// </summary>
    public static IEnumerable<string> Wrap(string line, int width = 80)
    {
        var current = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            // A space after a backslash is roff's unbreakable space: not a place to break.
            if (i < line.Length && (line[i] != ' ' || (i > 0 && line[i - 1] == '\\'))) continue;
            string word = line[start..i];
            start = i + 1;
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                yield return LineSafe(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(word);
        }
        if (current.Length > 0) yield return LineSafe(current.ToString());
    }

    /// <summary>A line starting with '.' or '\'' would be read as a request.</summary>
    private static string LineSafe(string line) => line.StartsWith('.') || line.StartsWith('\'') ? "\\&" + line : line;
}
