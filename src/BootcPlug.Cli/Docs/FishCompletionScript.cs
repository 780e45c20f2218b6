using System.Text;
using static BootcPlug.Cli.Docs.CompletionEntries;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// The fish completions: one <c>complete</c> line per sub-verb, option and argument of the tree, each guarded by a
/// condition that walks the words typed so far to find the command reached.
/// </summary>
public static class FishCompletionScript
{
    public static string Write(CompletionEntries entries)
    {
        var script = new StringBuilder();
        script.Append("# fish completion for bootcplug, generated from its command tree by ")
            .Append("`bootcplug completion fish`.\n");
        script.Append("# Install: copy to ~/.config/fish/completions/bootcplug.fish (or a directory of ");
        script.Append("$fish_complete_path).\n\n");

        script.Append("function __bootcplug_subcommands\n    switch $argv[1]\n");
        foreach (var node in entries.Nodes.Where(n => n.Subcommands.Count > 0))
            script.Append($"        case {Quote(node.Path)}\n            echo ")
                .AppendJoin(' ', node.Subcommands.Select(c => Quote(c.Name))).Append('\n');
        script.Append("    end\nend\n\n");

        script.Append("# Succeeds when option $argv[2] of command $argv[1] takes a value.\n");
        script.Append("function __bootcplug_takes_value\n    switch \"$argv[1]|$argv[2]\"\n        case");
        foreach (var option in entries.ValuedOptions)
        {
            script.Append(" \\\n            ").Append(Quote(option.Node.Path + "|" + option.Name));
            if (option.Recursive) script.Append(' ').Append(Quote(option.Node.Path + " *|" + option.Name));
        }
        script.Append("\n            return 0\n    end\n    return 1\nend\n\n");
        script.Append(Functions);

        script.Append("complete -c bootcplug -f\n");
        foreach (var node in entries.Nodes)
        {
            script.Append($"\n# {node.Path}\n");
            foreach (var sub in node.Subcommands)
                script.Append($"complete -c bootcplug -n {Quote($"__bootcplug_expects \"{node.Path}\" 0")} "
                    + $"-a {Quote(sub.Name)} -d {Quote(OneLine(sub.Description))}\n");
            foreach (var option in node.OwnOptions)
                script.Append(OptionLine(node, option));
            foreach (var argument in Arguments(node))
            {
                string position = argument.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + (argument.AndLater ? "+" : "");
                script.Append($"complete -c bootcplug -n {Quote($"__bootcplug_expects \"{node.Path}\" {position}")}"
                    + $"{Values(argument.Value)}\n");
            }
        }
        return script.ToString();
    }

    private static string OptionLine(VerbNode node, System.CommandLine.Option option)
    {
        var names = VerbNode.TypedNames(option).Select(n => n.StartsWith("--", StringComparison.Ordinal)
            ? $" -l {Quote(n[2..])}"
            : n.Length == 2 ? $" -s {Quote(n[1..])}" : $" -o {Quote(n[1..])}");
        string condition = option.Recursive ? "__bootcplug_within" : "__bootcplug_at";
        var value = ValueCompletion.Of(option);
        return $"complete -c bootcplug -n {Quote($"{condition} \"{node.Path}\"")}{string.Concat(names)}"
            + $"{Takes(value)}{Values(value)} -d {Quote(OneLine(option.Description))}\n";
    }

    /// <summary>-r: the option takes a value; -x: one that is not a file (fish offers files for -r alone).</summary>
    private static string Takes(ValueCompletion value) => value.Kind switch
    {
        ValueKind.Flag => "",
        ValueKind.File => " -r",
        _ => " -x",
    };

    /// <summary>The switches that offer a value of this kind (files only where a file is expected).</summary>
    private static string Values(ValueCompletion value) => value.Kind switch
    {
        ValueKind.Choice => $" -a {Quote(string.Join(' ', value.Choices))}",
        ValueKind.File => " -F",
        ValueKind.Directory => " -a '(__fish_complete_directories (commandline -ct))'",
        ValueKind.RunTime => " -a '(__bootcplug_ask)'",
        _ => "",
    };

    /// <summary>fish quoting: inside single quotes only \ and ' are special.</summary>
    private static string Quote(string text) =>
        "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private const string Functions = """
        # Prints "COMMAND|POSITIONAL|PENDING" for the words before the cursor: the command reached (bootcplug
        # composefs gc), how many arguments it was given, and 1 when the word at the cursor is an option's value.
        function __bootcplug_state
            set -l node bootcplug
            set -l positional 0
            set -l pending 0
            for word in (commandline -opc)[2..-1]
                if test $pending = 1
                    set pending 0
                    continue
                end
                switch $word
                    case '-*=*'
                    case '-*'
                        __bootcplug_takes_value $node $word; and set pending 1
                    case '*'
                        if contains -- $word (string split ' ' -- (__bootcplug_subcommands $node))
                            set node "$node $word"
                            set positional 0
                        else
                            set positional (math $positional + 1)
                        end
                end
            end
            echo "$node|$positional|$pending"
        end

        # Succeeds when the words typed reach exactly the command $argv[1] (for its own options).
        function __bootcplug_at
            test (string split '|' -- (__bootcplug_state))[1] = $argv[1]
        end

        # Succeeds when the words typed reach the command $argv[1] or one under it (for its recursive options).
        function __bootcplug_within
            set -l node (string split '|' -- (__bootcplug_state))[1]
            test "$node" = $argv[1]; or string match -q -- "$argv[1] *" "$node"
        end

        # Succeeds when the word at the cursor is argument $argv[2] (from 0; N+ for N or later) of command $argv[1].
        function __bootcplug_expects
            set -l state (string split '|' -- (__bootcplug_state))
            test "$state[1]" = $argv[1]; and test $state[3] = 0; or return 1
            if string match -q -- '*+' $argv[2]
                test $state[2] -ge (string trim -r -c + -- $argv[2])
            else
                test $state[2] = $argv[2]
            end
        end

        # Values only bootcplug knows (e.g. the bootloaders its plugin manifests declare): ask it.
        function __bootcplug_ask
            set -l words (commandline -opc)
            set -l line (string join ' ' -- $words (commandline -ct))
            $words[1] "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end


        """;
}
