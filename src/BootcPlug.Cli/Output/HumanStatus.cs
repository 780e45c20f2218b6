using BootcPlug.Models;

namespace BootcPlug.Cli.Output;

/// <summary>
/// The status as bootc prints it on a terminal: one block per deployment, booted first marked with ●.
/// </summary>
public static class HumanStatus
{
    /// <param name="host">The status document.</param>
    /// <param name="verbose">Show the boot type, bootloader, fs-verity and soft-reboot lines.</param>
    /// <param name="bootloaderName">The bootloader as its plugin names it (a vendor's, where the document says
    /// none).</param>
    /// <param name="notes">Verbose-only lines by deployment id (where a deployment's own files disagree with the
    /// document).</param>
    public static string Write(Host host, bool verbose, string? bootloaderName = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? notes = null)
    {
        string? Note(BootEntry entry) => verbose && entry.Composefs is { } c && notes?.GetValueOrDefault(c.Verity.Value)
            is { Count: > 0 } lines ? string.Join("; ", lines) : null;
        var status = host.Status;
        if (status.Booted is null && status.Staged is null && status.Rollback is null
            && status.OtherDeployments.Count == 0)
            return "System is not deployed via bootc.\n";

        var blocks = new List<string>();
        if (status.Staged is { } staged)
            blocks.Add(Block("Staged", staged, isBooted: false, verbose, isStaged: true, bootloaderName, Note(staged)));
        if (status.Booted is { } booted)
            blocks.Add(Block("Booted", booted, isBooted: true, verbose, isStaged: false, bootloaderName, Note(booted)));
        if (status.Rollback is { } rollback)
            blocks.Add(Block("Rollback", rollback, isBooted: false, verbose, isStaged: false, bootloaderName,
                Note(rollback)));
        foreach (var other in status.OtherDeployments)
            blocks.Add(Block("Other", other, isBooted: false, verbose, isStaged: false, bootloaderName, Note(other)));
        string text = string.Join("\n", blocks);
        if (status.RollbackQueued) text += "\nRollback is queued: the next boot starts the rollback deployment.\n";
        return text;
    }

    /// <summary>
    /// The warnings (also on stderr) as a block after the deployments, so a reader of the text sees them.
    /// </summary>
    public static string Warnings(IReadOnlyList<string> warnings) =>
        warnings.Count == 0 ? "" : "\nWarnings:\n" + string.Concat(warnings.Select(w => $"  {w}\n"));

    private static string Block(string slot, BootEntry entry, bool isBooted, bool verbose, bool isStaged,
        string? bootloaderName, string? note)
    {
        string marker = isBooted ? "● " : "  ";
        var lines = new List<(string Label, string Value)>();
        string head;
        if (entry.Image is { } image)
        {
            head = $"{marker}{slot} image: {Describe(image.Image)}";
            lines.Add(("Digest", $"{image.ImageDigest} ({image.Architecture})"));
            if (image.Version is not null || image.Timestamp is not null)
            {
                string timestamp = image.Timestamp is { } t
                    ? t.ToUniversalTime()
                        .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
                    : "";
                lines.Add(("Version", image.Version is null ? timestamp
                    : timestamp.Length == 0 ? image.Version
                    : $"{image.Version} ({timestamp})"));
            }
        }
        else
        {
            // Deployed without --image-ref: no image to name, only the composefs verity below.
            head = $"{marker}{slot} image: (none)";
        }
        if (entry.Composefs is { } composefs)
        {
            lines.Add(("Verity", composefs.Verity.ToString()));
            if (verbose)
            {
                lines.Add(("Boot",
                    $"{composefs.BootType.ToWireName()} via {bootloaderName ?? composefs.Bootloader.ToWireName()}"));
                lines.Add(("FsVerity", composefs.MissingVerityAllowed ? "Not Enforced" : "Enforced"));
                if (note is not null) lines.Add(("Note", note));
                lines.Add(("Soft-reboot", entry.SoftRebootCapable ? "capable" : "no"));
            }
        }
        if (entry.Pinned) lines.Add(("Pinned", "yes"));
        if (entry.Composefs?.BootCounter is { } counter)
            lines.Add(("Boot tries", counter.Failed
                ? $"failed ({counter.TriesDone} tried, none left; the boot loader puts it last)"
                : $"{counter.TriesLeft} left ({counter.TriesDone} done)"));
        if (isStaged && (verbose || entry.DownloadOnly))
            lines.Add(("Download-only", entry.DownloadOnly ? "yes" : "no"));

        int width = head.IndexOf(':');
        var body = lines.Select(l => l.Label.PadLeft(width) + ": " + l.Value);
        return string.Join("\n", new[] { head }.Concat(body)) + "\n";
    }

    private static string Describe(ImageReference reference) =>
        reference.Transport == "registry" ? reference.Image : $"{reference.Transport}:{reference.Image}";
}
