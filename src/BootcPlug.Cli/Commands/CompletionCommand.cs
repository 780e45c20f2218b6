using System.CommandLine;
using BootcPlug.Cli.Docs;

namespace BootcPlug.Cli.Commands;

/// <summary>`completion bash|zsh|fish`: the shell completion script, written from the command tree.</summary>
public static class CompletionCommand
{
    public static Command Create(RootCommand root)
    {
        var shell = new Argument<string>("SHELL") { Description = "The shell: bash, zsh or fish." };
        shell.OneOf("bash", "zsh", "fish");
        var completion = new Command("completion",
            "Print the completion script for SHELL on standard output. It completes verbs, options, fixed option "
            + "values, files and directories; bootloader names are asked of bootcplug itself.")
        {
            shell,
        };
        completion.SetAction(parse =>
        {
            var entries = new CompletionEntries(VerbNode.Walk(root));
            string script = parse.GetValue(shell) switch
            {
                "bash" => BashCompletionScript.Write(entries),
                "zsh" => ZshCompletionScript.Write(entries),
                _ => FishCompletionScript.Write(entries),
            };
            parse.InvocationConfiguration.Output.Write(script);
            return ExitCodes.Success;
        });
        return completion;
    }
}
