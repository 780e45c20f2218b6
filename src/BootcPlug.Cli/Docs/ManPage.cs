using System.CommandLine;
using System.Text;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// The roff manual page (section 1) of one command of the tree: NAME and DESCRIPTION from the command's description,
/// SYNOPSIS, ARGUMENTS, OPTIONS and GLOBAL OPTIONS from its arguments and options, COMMANDS for a verb with sub-verbs,
/// EXIT STATUS, ENVIRONMENT where <see cref="ManualSections"/> names variables, and SEE ALSO along the tree.
/// </summary>
public sealed class ManPage(VerbNode node, string version, DateOnly date)
{
    private readonly StringBuilder page = new();

    public string Write()
    {
        string title = Roff.Literal(node.PageName.ToUpperInvariant());
        Line($".TH {title} 1 {date:yyyy-MM-dd} \"bootcplug {version}\" \"BootcPlug Manual\"");
        // Words here are often names to type (bootcplug-composefs-gc): never hyphenate them.
        Line(".nh");
        Section("NAME");
        Line($"{Roff.Literal(node.PageName)} \\- {Roff.Text(Summary(node.Command.Description))}");
        WriteSynopsis();
        Section("DESCRIPTION");
        Line(Roff.Text(node.Command.Description ?? ""));
        WriteCommands();
        WriteArguments();
        WriteOptions(node.IsRoot ? "GLOBAL OPTIONS" : "OPTIONS", node.OwnOptions);
        WriteOptions("GLOBAL OPTIONS", node.InheritedOptions);
        WriteExitStatus();
        WriteEnvironment();
        WriteSeeAlso();
        return page.ToString();
    }

    /// <summary>The first sentence up to its full stop or colon: NAME is one short line.</summary>
    private static string Summary(string? description)
    {
        string text = description ?? "";
        int end = new[] { ". ", ": " }.Select(stop => text.IndexOf(stop, StringComparison.Ordinal))
            .Where(at => at > 0).DefaultIfEmpty(text.Length).Min();
        string sentence = text[..end].TrimEnd('.');
        // "Show the booted ..." becomes "show the booted ..." (a leading name such as EROFS keeps its case).
        return sentence.Length > 1 && char.IsUpper(sentence[0]) && char.IsLower(sentence[1])
            ? char.ToLowerInvariant(sentence[0]) + sentence[1..]
            : sentence;
    }

    private void WriteSynopsis()
    {
        Section("SYNOPSIS");
        var words = new List<string> { Roff.Bold("bootcplug") };
        if (!node.IsRoot) words.Add($"[\\fI{Roff.Literal("global options")}\\fR]");
        words.AddRange(node.Words.Skip(1).Select(Roff.Bold));
        words.AddRange(node.OwnOptions.Where(o => !IsHelpOrVersion(o)).Select(Usage));
        words.AddRange(node.Arguments.Select(Usage));
        if (node.Subcommands.Count > 0) words.Add($"\\fI{Roff.Literal("command")}\\fR [\\fIoptions\\fR]");
        Line(".ad l");
        Line(string.Join(' ', words));
        Line(".ad");
    }

    private static bool IsHelpOrVersion(Option option) =>
        option is System.CommandLine.Help.HelpOption or VersionOption;

    private static string Usage(Option option)
    {
        string usage = Roff.Bold(option.Name);
        if (ValueCompletion.IsFlag(option)) return $"[{usage}]";
        usage += " " + ValueName(option);
        if (option.ValueType.IsArray) usage += "\\ .\\|.\\|.";
        return option.Required ? usage : $"[{usage}]";
    }

    private static string Usage(Argument argument)
    {
        string usage = Roff.Italic(argument.Name);
        if (argument.Arity.MaximumNumberOfValues > 1) usage += "\\ .\\|.\\|.";
        return argument.Arity.MinimumNumberOfValues == 0 ? $"[{usage}]" : usage;
    }

    /// <summary>The fixed values as a|b|c, else the option's help name (DIR, NAME) or its name in capitals.</summary>
    private static string ValueName(Option option)
    {
        var completion = ValueCompletion.Of(option);
        if (completion.Kind == ValueKind.Choice) return string.Join('|', completion.Choices.Select(Roff.Italic));
        return Roff.Italic(option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant());
    }

    private void WriteCommands()
    {
        if (node.Subcommands.Count == 0) return;
        Section("COMMANDS");
        foreach (var sub in node.Subcommands)
        {
            Line(".TP");
            Line(Roff.Bold(sub.Name));
            Line(Roff.Text(sub.Description ?? ""));
            Line($"See \\fB{Roff.Literal(node.PageName + "-" + sub.Name)}\\fR(1).");
        }
    }

    private void WriteArguments()
    {
        if (node.Arguments.Count == 0) return;
        Section("ARGUMENTS");
        foreach (var argument in node.Arguments)
        {
            Line(".TP");
            Line(Usage(argument));
            Line(Roff.Text(argument.Description ?? ""));
            if (ValueCompletion.Of(argument) is { Kind: ValueKind.Choice } completion
                && !(argument.Description ?? "").Contains(completion.Choices[0], StringComparison.Ordinal))
                Line(Roff.Text("One of: " + string.Join(", ", completion.Choices) + "."));
        }
    }

    private void WriteOptions(string title, IReadOnlyList<Option> options)
    {
        if (options.Count == 0) return;
        Section(title);
        foreach (var option in options)
        {
            Line(".TP");
            string names = string.Join(", ", VerbNode.TypedNames(option).OrderBy(n => n.Length).Select(Roff.Bold));
            Line(ValueCompletion.IsFlag(option) ? names : $"{names} {ValueName(option)}");
            Line(Roff.Text(option.Description ?? ""));
        }
    }

    private void WriteExitStatus()
    {
        Section("EXIT STATUS");
        Item($"{ExitCodes.Success}", "Success.");
        Item($"{ExitCodes.Failure}", "The operation failed or was refused; one line on standard error names the file "
            + "or deployment and the problem.");
        Item($"{ExitCodes.Usage}", "Bad usage: an unknown verb or option, a missing argument or a bad value.");
    }

    private void WriteEnvironment()
    {
        var variables = ManualSections.Environment(node.Command);
        if (variables.Count == 0) return;
        Section("ENVIRONMENT");
        foreach (var (name, meaning) in variables) Item(name, meaning);
    }

    private void WriteSeeAlso()
    {
        var pages = new List<string>();
        if (!node.IsRoot) pages.Add("bootcplug");
        if (node.Parent is { IsRoot: false } parent) pages.Add(parent.PageName);
        pages.AddRange(node.Subcommands.Select(sub => node.PageName + "-" + sub.Name));
        if (pages.Count == 0) return;
        Section("SEE ALSO");
        for (int i = 0; i < pages.Count; i++)
            Line($"\\fB{Roff.Literal(pages[i])}\\fR(1){(i < pages.Count - 1 ? "," : "")}");
    }

    private void Item(string tag, string text)
    {
        Line(".TP");
        Line(Roff.Bold(tag));
        Line(Roff.Text(text));
    }

    private void Section(string name) => Line($".SH {name}");

    /// <summary>A request line as it is; a text line wrapped to 80 columns.</summary>
    private void Line(string line)
    {
        foreach (string part in line.StartsWith('.') ? [line] : Roff.Wrap(line)) page.Append(part).Append('\n');
    }
}
