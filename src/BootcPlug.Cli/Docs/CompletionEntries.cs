namespace BootcPlug.Cli.Docs;

/// <summary>A value-taking option as the scripts see it: where it is valid, its typed name, its completion.</summary>
/// <param name="Node">The command that declares it.</param>
/// <param name="Recursive">Valid on every command under <paramref name="Node"/> too.</param>
public sealed record OptionEntry(VerbNode Node, bool Recursive, string Name, ValueCompletion Value);

/// <summary>A positional argument: the 0-based position it takes, and whether it takes every later one too.</summary>
public sealed record ArgumentEntry(VerbNode Node, int Position, bool AndLater, ValueCompletion Value);

/// <summary>The tables every completion script is written from, taken from the command tree.</summary>
public sealed class CompletionEntries(IReadOnlyList<VerbNode> nodes)
{
    public IReadOnlyList<VerbNode> Nodes => nodes;

    /// <summary>
    /// Every option that takes a value, once per command that declares it, deepest commands first: a script that
    /// takes the first match then lets a command's own option win over a recursive one of the same name above it.
    /// </summary>
    public IEnumerable<OptionEntry> ValuedOptions =>
        from node in nodes.OrderByDescending(n => n.Words.Count)
        from option in node.OwnOptions
        let value = ValueCompletion.Of(option)
        where value.Kind != ValueKind.Flag
        from name in VerbNode.TypedNames(option)
        select new OptionEntry(node, option.Recursive, name, value);

    public static IEnumerable<ArgumentEntry> Arguments(VerbNode node) =>
        node.Arguments.Select((argument, position) => new ArgumentEntry(node, position,
            argument.Arity.MaximumNumberOfValues > 1, ValueCompletion.Of(argument)));

    /// <summary>The descriptions on one line (a shell's completion menu shows one).</summary>
    public static string OneLine(string? description) =>
        string.Join(' ', (description ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Text inside single quotes for a POSIX-like shell (bash, zsh).</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
