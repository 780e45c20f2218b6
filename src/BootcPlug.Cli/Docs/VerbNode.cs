using System.CommandLine;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// One visible command of the tree, with the words that reach it ("bootcplug composefs gc") and everything valid on
/// it: its own options, the recursive options of the commands above it, its arguments and its sub-verbs.
/// </summary>
public sealed class VerbNode
{
    private VerbNode(IReadOnlyList<string> words, Command command, VerbNode? parent)
    {
        Words = words;
        Command = command;
        Parent = parent;
    }

    public IReadOnlyList<string> Words { get; }

    public Command Command { get; }

    public VerbNode? Parent { get; }

    /// <summary>The words joined by spaces, as typed: "bootcplug composefs gc".</summary>
    public string Path => string.Join(' ', Words);

    /// <summary>The manual page's name: "bootcplug-composefs-gc".</summary>
    public string PageName => string.Join('-', Words);

    public bool IsRoot => Parent is null;

    public IReadOnlyList<Command> Subcommands => [.. Command.Subcommands.Where(c => !c.Hidden)];

    public IReadOnlyList<Option> OwnOptions => [.. Command.Options.Where(o => !o.Hidden)];

    /// <summary>
    /// The recursive options of the commands above this one that it does not redefine, nearest first.
    /// </summary>
    public IReadOnlyList<Option> InheritedOptions
    {
        get
        {
            var seen = new HashSet<string>(OwnOptions.Select(o => o.Name), StringComparer.Ordinal);
            var inherited = new List<Option>();
            for (var above = Parent; above is not null; above = above.Parent)
                inherited.AddRange(above.OwnOptions.Where(o => o.Recursive && seen.Add(o.Name)));
            return inherited;
        }
    }

    /// <summary>Every option valid on this command: its own, then the inherited ones.</summary>
    public IReadOnlyList<Option> AllOptions => [.. OwnOptions, .. InheritedOptions];

    public IReadOnlyList<Argument> Arguments => [.. Command.Arguments.Where(a => !a.Hidden)];

    /// <summary>
    /// Every visible command under <paramref name="root"/>, depth first, the root first. The root is named
    /// <paramref name="name"/>: a RootCommand takes its name from the running executable (testhost in tests).
    /// </summary>
    public static IReadOnlyList<VerbNode> Walk(RootCommand root, string name = "bootcplug")
    {
        var nodes = new List<VerbNode>();
        Visit(new VerbNode([name], root, null), nodes);
        return nodes;
    }

    private static void Visit(VerbNode node, List<VerbNode> nodes)
    {
        nodes.Add(node);
        foreach (var sub in node.Subcommands) Visit(new VerbNode([.. node.Words, sub.Name], sub, node), nodes);
    }

    /// <summary>The names a shell offers for an option: those that start with a dash and a letter.</summary>
    public static IEnumerable<string> TypedNames(Option option) =>
        new[] { option.Name }.Concat(option.Aliases.Order(StringComparer.Ordinal))
            .Where(n => n.Length > 1 && n[0] == '-' && char.IsAsciiLetter(n.TrimStart('-').FirstOrDefault()));
}
