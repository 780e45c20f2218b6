using System.CommandLine;
using BootcPlug.Cli.Docs;

namespace BootcPlug.Cli.Commands;

/// <summary>`man --output DIR`: write the manual pages, generated from the command tree, into DIR.</summary>
public static class ManCommand
{
    public static Command Create(RootCommand root)
    {
        var output = new Option<DirectoryInfo>("--output")
        {
            Description = "The directory to write the pages into (created when missing).",
            Required = true,
            HelpName = "DIR",
        };
        var man = new Command("man",
            "Write the manual pages, bootcplug.1 and one per verb (bootcplug-status.1, bootcplug-composefs-gc.1), "
            + "into DIR. Copy them to /usr/local/share/man/man1, or name DIR .../man1 and put its parent on "
            + "MANPATH.")
        {
            output,
        };
        man.ReadsEnvironment("SOURCE_DATE_EPOCH",
            "Seconds since 1970 (UTC) for the date the pages carry, so that a rebuild gives the same pages; "
            + "today when unset.");
        man.SetAction(parse =>
        {
            var directory = parse.GetValue(output)!;
            directory.Create();
            var date = ManPages.Date(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"));
            int count = 0;
            foreach (var (fileName, text) in ManPages.Write(root, date))
            {
                File.WriteAllText(Path.Combine(directory.FullName, fileName), text);
                count++;
            }
            parse.InvocationConfiguration.Output.WriteLine($"Wrote {count} manual pages to {directory.FullName}");
            return ExitCodes.Success;
        });
        return man;
    }
}
