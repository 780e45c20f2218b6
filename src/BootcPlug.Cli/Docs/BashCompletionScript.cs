using System.Text;
using static BootcPlug.Cli.Docs.CompletionEntries;

namespace BootcPlug.Cli.Docs;

/// <summary>
/// The bash completion script: tables of the tree's sub-verbs, options and values as case statements, and one
/// function that walks the words typed so far to find the command, then completes a sub-verb, an option, an
/// option's value or an argument.
/// </summary>
public static class BashCompletionScript
{
    public static string Write(CompletionEntries entries)
    {
        var script = new StringBuilder();
        script.Append("# bash completion for bootcplug, generated from its command tree by ")
            .Append("`bootcplug completion bash`.\n");
        script.Append("# Install: copy to /usr/share/bash-completion/completions/bootcplug, or source it.\n\n");

        script.Append("_bootcplug_subcommands() {\n    case \"$1\" in\n");
        foreach (var node in entries.Nodes.Where(n => n.Subcommands.Count > 0))
        {
            string names = string.Join(' ', node.Subcommands.Select(c => c.Name));
            script.Append($"        {Quote(node.Path)}) echo {Quote(names)} ;;\n");
        }
        script.Append("    esac\n}\n\n");

        script.Append("_bootcplug_options() {\n    case \"$1\" in\n");
        foreach (var node in entries.Nodes)
        {
            var names = node.AllOptions.SelectMany(VerbNode.TypedNames);
            script.Append($"        {Quote(node.Path)}) echo {Quote(string.Join(' ', names))} ;;\n");
        }
        script.Append("    esac\n}\n\n");

        ShellValueTables.Append(script, entries, v => "echo " + v);
        script.Append(Functions);
        return script.ToString();
    }

    private const string Functions = """
        # Completes the current word as a value of the given kind.
        _bootcplug_complete_value() {
            local line IFS=' '
            case "$1" in
                choice\ *) mapfile -t COMPREPLY < <(compgen -W "${1#choice }" -- "$cur") ;;
                file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
                directory) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
                runtime)
                    # Values only bootcplug knows (e.g. the bootloaders its plugin manifests declare): ask it.
                    line="${COMP_WORDS[*]:0:COMP_CWORD} $cur"
                    mapfile -t COMPREPLY < <(compgen -W \
                        "$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)" -- "$cur") ;;
            esac
        }

        _bootcplug() {
            local cur="${COMP_WORDS[COMP_CWORD]}" node=bootcplug word pending='' positional=0 i
            COMPREPLY=()
            for ((i = 1; i < COMP_CWORD; i++)); do
                word="${COMP_WORDS[i]}"
                case "$word" in
                    -*=*) ;;
                    -*)
                        if [[ "$(_bootcplug_option_value "$node" "$word")" != flag ]]; then
                            ((i + 1 == COMP_CWORD)) && pending="$word"
                            ((i++))
                        fi ;;
                    *)
                        if [[ " $(_bootcplug_subcommands "$node") " == *" $word "* ]]; then
                            node="$node $word"
                            positional=0
                        else
                            ((positional++))
                        fi ;;
                esac
            done
            if [[ -n "$pending" ]]; then
                _bootcplug_complete_value "$(_bootcplug_option_value "$node" "$pending")"
            elif [[ "$cur" == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$(_bootcplug_options "$node")" -- "$cur")
            elif [[ -n "$(_bootcplug_subcommands "$node")" ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$(_bootcplug_subcommands "$node")" -- "$cur")
            else
                _bootcplug_complete_value "$(_bootcplug_argument "$node" "$positional")"
            fi
        }

        complete -F _bootcplug bootcplug

        """;
}
