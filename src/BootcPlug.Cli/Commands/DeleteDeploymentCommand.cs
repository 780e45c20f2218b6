using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Cli.Output;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;

namespace BootcPlug.Cli.Commands;

/// <summary>`delete-deployment ID... [--dry-run] [--no-gc]`.</summary>
public static class DeleteDeploymentCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<string[]>("ID") { Description = "Deployment verity, or a unique prefix of at least 12 characters.", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be removed, and change nothing." };
        var noGc = new Option<bool>("--no-gc") { Description = "Only unlink the boot entries; leave the rest for a later 'gc'." };
        var delete = new Command("delete-deployment", "Unlink deployments' boot entries (never the booted one), then garbage-collect.") { ids, dryRun, noGc };
        delete.SetAction(parse => HostVerb.Run(parse, globals, exclusive: true, (session, output, error) =>
        {
            bool dry = parse.GetValue(dryRun);
            var inventory = session.ReadInventory();
            var (targets, alreadyUnlinked) = DeploymentResolver.Resolve(inventory, parse.GetValue(ids)!);
            foreach (string verity in alreadyUnlinked)
                output.WriteLine($"Deployment {verity} has no boot entries left (already unlinked); gc removes the rest of it");
            var deleter = new DeploymentDeleter(session.Paths, session.Bootloaders, session.Logger);
            void Print(IEnumerable<DeletedDeployment> deleted)
            {
                foreach (var d in deleted)
                    output.WriteLine($"{(dry ? "Would delete" : "Deleted")} {d.Kind} deployment {d.Verity} ({d.LiveEntries} live, {d.StagedEntries} staged entries{(d.MarkerRemoved ? ", staged marker" : "")})");
            }
            if (parse.GetValue(noGc))
            {
                Print(deleter.Delete(inventory, targets, dry));
                return ExitCodes.Success;
            }

            // The GC is planned against the entries as they will be, before anything is unlinked: when it refuses
            // (doubt about a deployment that stays live), the targets keep their entries too. One plan serves the
            // dry run and the real one, so the dry run reports exactly what happens.
            var view = new InventoryView(inventory, targets.Select(t => t.Verity).ToHashSet(StringComparer.Ordinal));
            var report = new HostGarbageCollector(session.Paths, session.Logger)
                .Run(view, dry, progress: Progress.OnTerminal(error), beforeSweep: () => Print(deleter.Delete(inventory, targets, dry)));
            output.Write(GcReportText.Text(report));
            return ExitCodes.Success;
        }));
        return delete;
    }
}
