using System.Globalization;
using System.Text;
using static BootcPlug.Cli.Docs.CompletionEntries;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// The two case tables the bash and zsh scripts share, <c>_bootcplug_option_value</c> and <c>_bootcplug_argument</c>:
/// what a command's option or positional argument completes to, as a kind word (<c>choice A B</c>, <c>file</c>,
/// <c>directory</c>, <c>runtime</c>, <c>text</c>, or <c>flag</c> for an option that takes no value). The shells
/// differ only in how a function hands back its answer: bash echoes it, zsh sets REPLY.
/// </summary>
public static class ShellValueTables
{
    public static void Append(StringBuilder script, CompletionEntries entries, Func<string, string> answer)
    {
        script.Append("# What the value of option $2 of command $1 completes to; 'flag': it takes none.\n");
        script.Append("_bootcplug_option_value() {\n    case \"$1|$2\" in\n");
        foreach (var option in entries.ValuedOptions)
        {
            string pattern = $"{Quote(option.Node.Path + "|" + option.Name)}";
            if (option.Recursive) pattern += $"|{Quote(option.Node.Path + " ")}*{Quote("|" + option.Name)}";
            script.Append($"        {pattern}) {answer(Quote(Kind(option.Value)))} ;;\n");
        }
        script.Append($"        *) {answer("flag")} ;;\n    esac\n}}\n\n");

        script.Append("# What positional argument $2 (from 0) of command $1 completes to.\n");
        script.Append("_bootcplug_argument() {\n    case \"$1|$2\" in\n");
        foreach (var argument in entries.Nodes.SelectMany(Arguments))
        {
            string position = argument.AndLater ? "*" : argument.Position.ToString(CultureInfo.InvariantCulture);
            script.Append($"        {Quote(argument.Node.Path + "|")}{position}) ")
                .Append($"{answer(Quote(Kind(argument.Value)))} ;;\n");
        }
        script.Append($"        *) {answer("text")} ;;\n    esac\n}}\n\n");
    }

    private static string Kind(ValueCompletion value) => value.Kind switch
    {
        ValueKind.Choice => "choice " + string.Join(' ', value.Choices),
        ValueKind.File => "file",
        ValueKind.Directory => "directory",
        ValueKind.RunTime => "runtime",
        _ => "text",
    };
}
