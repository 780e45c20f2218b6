using BootcPlug.Bootloaders.Formats;

namespace BootcPlug.Deployments.Status;

/// <summary>
/// A kernel command line split the way the kernel (and bootc) splits it: on whitespace outside double quotes, each
/// argument a key with an optional value. Keys compare with '-' and '_' taken as the same character; values compare
/// exactly, without their surrounding quotes.
/// </summary>
public static class KernelArguments
{
    /// <summary>One argument: its key and its value (null for a bare switch such as <c>rw</c>).</summary>
    public readonly record struct Argument(string Key, string? Value)
    {
        public bool SameAs(Argument other) =>
            CanonicalKey(Key) == CanonicalKey(other.Key) && string.Equals(Value, other.Value, StringComparison.Ordinal);

        private static string CanonicalKey(string key) => key.Replace('-', '_');
    }

    public static IReadOnlyList<Argument> Split(string commandLine)
    {
        var arguments = new List<Argument>();
        int i = 0;
        while (i < commandLine.Length)
        {
            while (i < commandLine.Length && IsSpace(commandLine[i])) i++;
            if (i >= commandLine.Length) break;
            int start = i;
            bool quoted = false;
            while (i < commandLine.Length && (quoted || !IsSpace(commandLine[i])))
            {
                if (commandLine[i] == '"') quoted = !quoted;
                i++;
            }
            arguments.Add(Parse(commandLine[start..i]));
        }
        return arguments;
    }

    /// <summary>
    /// bootc's test for a soft reboot: the two command lines have the same length, and each argument of one, other
    /// than <c>composefs=</c>, is found with the same value in the other.
    /// </summary>
    public static bool EqualApartFromComposefs(string first, string second)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(first) != System.Text.Encoding.UTF8.GetByteCount(second))
            return false;
        var a = Split(first);
        var b = Split(second);
        return AllFoundIn(a, b) && AllFoundIn(b, a);
    }

    private static bool AllFoundIn(IReadOnlyList<Argument> arguments, IReadOnlyList<Argument> other) =>
        arguments.Where(a => a.Key != ComposefsKarg.Key).All(a => other.Any(o => o.SameAs(a)));

    /// <summary>Only a quote at the very start and end of the argument, and one right after '=', are dropped.</summary>
    private static Argument Parse(string argument)
    {
        string text = argument;
        if (text.StartsWith('"')) text = text[1..];
        if (text.EndsWith('"')) text = text[..^1];
        int equals = text.IndexOf('=');
        if (equals < 0) return new Argument(text, null);
        string value = text[(equals + 1)..];
        if (value.StartsWith('"')) value = value[1..];
        return new Argument(text[..equals], value);
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';
}
