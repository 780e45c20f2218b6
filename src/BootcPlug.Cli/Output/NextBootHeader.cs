using BootcPlug.Bootloaders;
using BootcPlug.Models;

namespace BootcPlug.Cli.Output;

/// <summary>
/// The first line of the human status: which deployment the next boot starts, and plainly when that is not the
/// booted one (a staged update, or a queued rollback).
/// </summary>
public static class NextBootHeader
{
    public static string Write(Host host, DeploymentId? nextBoot)
    {
        if (nextBoot is not { } next) return "";
        var status = host.Status;
        var slots = new List<(Models.BootEntry? Entry, string Slot)>
        {
            (status.Staged, "staged"), (status.Booted, "booted"), (status.Rollback, "rollback"),
        };
        slots.AddRange(status.OtherDeployments.Select(o => ((Models.BootEntry?)o, "other")));
        var (entry, slot) = slots.FirstOrDefault(e => e.Entry?.Composefs?.Verity.Value == next.Value);
        string image = entry?.Image is { } i
            ? (i.Image.Transport == "registry" ? i.Image.Image : $"{i.Image.Transport}:{i.Image.Image}")
            : "(no image)";
        string line = $"Next boot: {image} ({next.Short})";
        if (status.Booted is null) return line + "\n\n";
        return line + (slot switch
        {
            "booted" => ", the booted deployment",
            "staged" => ": the staged deployment, not the booted one",
            "rollback" => ": the rollback deployment, not the booted one",
            _ => ": not the booted deployment",
        }) + "\n\n";
    }
}
