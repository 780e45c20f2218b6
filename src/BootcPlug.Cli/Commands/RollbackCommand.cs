using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Deployments.Operations.Lifecycle;

namespace BootcPlug.Cli.Commands;

/// <summary>`rollback`.</summary>
public static class RollbackCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var rollback = new Command("rollback", "Boot the rollback deployment next (again: undo a queued rollback). Discards a staged update.");
        rollback.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, _) =>
        {
            var result = new Rollback(session.Paths, session.Bootloaders, session.Logger).Run(session.ReadInventory());
            if (result.DiscardedStaged is not null) output.WriteLine($"Discarded staged deployment {result.DiscardedStaged}");
            if (result.Reverted) output.WriteLine("notice: Reverting queued rollback state");
            output.WriteLine($"Next boot: {(result.Reverted ? "current" : "rollback")} deployment {result.NextBoot}");
            return ExitCodes.Success;
        }));
        return rollback;
    }
}
