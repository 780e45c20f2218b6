using System.Text;
using static BootcPlug.Cli.Docs.CompletionEntries;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// The zsh completion function (<c>_bootcplug</c>): the same walk as the bash script, offering sub-verbs and options
/// with their descriptions (<c>_describe</c>), fixed values with <c>compadd</c> and paths with <c>_files</c>.
/// </summary>
public static class ZshCompletionScript
{
    public static string Write(CompletionEntries entries)
    {
        var script = new StringBuilder();
        script.Append("#compdef bootcplug\n");
        script.Append("# zsh completion for bootcplug, generated from its command tree by ")
            .Append("`bootcplug completion zsh`.\n");
        script.Append("# Install: put this file, named _bootcplug, in a directory of $fpath before compinit runs.\n\n");

        script.Append("_bootcplug_subcommands() {\n    case \"$1\" in\n");
        foreach (var node in entries.Nodes.Where(n => n.Subcommands.Count > 0))
        {
            var described = node.Subcommands.Select(c => Quote($"{c.Name}:{OneLine(c.Description)}"));
            script.Append($"        {Quote(node.Path)}) reply=({string.Join(' ', described)}) ;;\n");
        }
        script.Append("        *) reply=() ;;\n    esac\n}\n\n");

        script.Append("_bootcplug_options() {\n    case \"$1\" in\n");
        foreach (var node in entries.Nodes)
        {
            var described = node.AllOptions.SelectMany(o => VerbNode.TypedNames(o)
                .Select(name => Quote($"{name}:{OneLine(o.Description)}")));
            script.Append($"        {Quote(node.Path)}) reply=({string.Join(' ', described)}) ;;\n");
        }
        script.Append("        *) reply=() ;;\n    esac\n}\n\n");

        ShellValueTables.Append(script, entries, v => "REPLY=" + v);
        script.Append(Functions);
        return script.ToString();
    }

    private const string Functions = """
        # Completes the current word as a value of the given kind.
        _bootcplug_complete_value() {
            local line
            local -a values
            case "$1" in
                choice\ *) values=(${=1#choice }); compadd -a values ;;
                file) _files ;;
                directory) _files -/ ;;
                runtime)
                    # Values only bootcplug knows (e.g. the bootloaders its plugin manifests declare): ask it.
                    line="${(j: :)words[1,CURRENT]}"
                    values=(${(f)"$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)"})
                    compadd -a values ;;
            esac
        }

        _bootcplug() {
            local node=bootcplug word pending= positional=0 i REPLY
            local -a reply
            for ((i = 2; i < CURRENT; i++)); do
                word="${words[i]}"
                case "$word" in
                    -*=*) ;;
                    -*)
                        _bootcplug_option_value "$node" "$word"
                        if [[ "$REPLY" != flag ]]; then
                            ((i + 1 == CURRENT)) && pending="$word"
                            ((i++))
                        fi ;;
                    *)
                        _bootcplug_subcommands "$node"
                        if ((${reply[(I)${(b)word}:*]})); then
                            node="$node $word"
                            positional=0
                        else
                            ((positional++))
                        fi ;;
                esac
            done
            if [[ -n "$pending" ]]; then
                _bootcplug_option_value "$node" "$pending"
                _bootcplug_complete_value "$REPLY"
            elif [[ "${words[CURRENT]}" == -* ]]; then
                _bootcplug_options "$node"
                _describe -t options option reply
            else
                _bootcplug_subcommands "$node"
                if ((${#reply})); then
                    _describe -t commands command reply
                else
                    _bootcplug_argument "$node" "$positional"
                    _bootcplug_complete_value "$REPLY"
                fi
            fi
        }

        # Autoloaded from $fpath, the file's body runs as the function: complete now. Sourced, register.
        if [[ "${funcstack[1]}" == _bootcplug ]]; then
            _bootcplug "$@"
        else
            compdef _bootcplug bootcplug
        fi

        """;
}
