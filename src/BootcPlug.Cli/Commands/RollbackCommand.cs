using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Deployments.Workflows;

namespace BootcPlug.Cli.Commands;

/// <summary>`rollback`.</summary>
public static class RollbackCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var rollback = new Command("rollback",
            "Boot the rollback deployment next (again: undo a queued rollback). Discards a staged update.");
        rollback.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, _) =>
        {
            var report = new Rollback(session.Host).Run();
            if (report.DiscardedStaged is { } discarded) output.WriteLine($"Discarded staged deployment {discarded}");
            if (report.Reverted) output.WriteLine("notice: Reverting queued rollback state");
            output.WriteLine($"Next boot: {(report.Reverted ? "current" : "rollback")} deployment {report.NextBoot}");
            if (report.PreviousDefault is { } previous)
                output.WriteLine($"Was the default: {previous.Short} (stays in the menu, behind it)");
            if (report.CounterReset)
                output.WriteLine(
                    $"Boot counter of {report.NextBoot.Short} reset: it had failed, it gets its tries back");
            output.WriteLine("Dropped from the menu: " + (report.DiscardedStaged is { } d ? $"{d.Short} (staged)"
                : "nothing"));
            return ExitCodes.Success;
        }));
        return rollback;
    }
}
