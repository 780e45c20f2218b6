using BootcPlug.Cli.Docs;

namespace BootcPlug.Cli.Tests.Docs;

/// <summary>
/// One completion request: the words typed (the last one is the word at the cursor, maybe empty) and what must be
/// offered: exactly <see cref="Expected"/>, or at least it.
/// </summary>
public sealed record CompletionCase(IReadOnlyList<string> Words, IReadOnlyList<string> Expected, bool Exactly)
{
    public string Line => string.Join(' ', Words);

    public override string ToString() => $"[{Line}]";
}

/// <summary>The requests that sweep the whole command tree: a new verb or option is covered with no new test.</summary>
public static class CompletionCases
{
    public static IReadOnlyList<VerbNode> Tree => VerbNode.Walk(CliApp.CreateRoot());

    public static IEnumerable<CompletionCase> Sweep(IReadOnlyList<VerbNode> nodes)
    {
        foreach (var node in nodes)
        {
            var names = node.Subcommands.Select(c => c.Name).ToList();
            if (names.Count > 0)
            {
                // At a verb with sub-verbs: exactly those; and each one from its first three letters.
                yield return new([.. node.Words, ""], names, Exactly: true);
                foreach (var name in names)
                    yield return new([.. node.Words, name[..Math.Min(3, name.Length)]], [name], Exactly: false);
            }
            // Every option valid here, its own and the inherited ones, after a dash.
            yield return new([.. node.Words, "-"], [.. node.AllOptions.SelectMany(VerbNode.TypedNames)],
                Exactly: false);
            foreach (var option in node.OwnOptions)
            {
                var value = ValueCompletion.Of(option);
                if (value.Kind == ValueKind.Choice)
                    yield return new([.. node.Words, option.Name, ""], value.Choices, Exactly: true);
            }
            foreach (var (argument, position) in node.Arguments.Select((a, i) => (a, i)))
            {
                var value = ValueCompletion.Of(argument);
                if (value.Kind == ValueKind.Choice && position == 0)
                    yield return new([.. node.Words, ""], value.Choices, Exactly: true);
            }
        }
    }

    /// <summary>Choices typed after other options and a partial value: only the values with that prefix.</summary>
    public static IEnumerable<CompletionCase> InContext =>
    [
        new(["bootcplug", "--root", "/", "status", "--json", "--format", "y"], ["yaml"], Exactly: true),
        new(["bootcplug", "composefs", "--repo", "/tmp", "digest", "--algorithm", "sha5"], ["sha512"], Exactly: true),
        new(["bootcplug", "status", "--json", "sta"], [], Exactly: true),
    ];

    public static void Check(CompletionCase request, IReadOnlyCollection<string> offered)
    {
        if (request.Exactly)
            Assert.True(
                request.Expected.Order(StringComparer.Ordinal).SequenceEqual(offered.Order(StringComparer.Ordinal)),
                $"{request}: expected exactly {string.Join(' ', request.Expected)}, got {string.Join(' ', offered)}");
        else
            Assert.True(request.Expected.All(offered.Contains),
                $"{request}: expected {string.Join(' ', request.Expected)} among {string.Join(' ', offered)}");
    }
}
