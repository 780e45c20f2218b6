using System.Text;
using BootcPlug.Deployments.Operations.Deploy;

namespace BootcPlug.Cli.Output;

/// <summary>
/// What deploy prints: the new deployment's id alone on the first line (scripts read it), then what changed in the
/// boot menu and what it dropped.
/// </summary>
public static class DeployResultText
{
    public static string Text(DeployResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(result.Id.Value);
        text.AppendLine(result.Staged
            ? $"Staged {result.Id.Short} for the next boot (finalize-staged or a reboot makes it the default)"
            : $"Deployed {result.Id.Short} as the default boot entry");
        if (result.SharedKernel) text.AppendLine($"Shares the kernel of {result.BootArtifactName}");
        if (result.ReplacedStaged is { } replaced)
            text.AppendLine($"Replaced staged deployment {replaced.Short}: its staged entries are gone");
        text.Append(MenuChangeText.Kept(result.Kept));
        text.Append(MenuChangeText.Dropped(result.Dropped, result.Staged ? " at finalize" : "",
            collected: result.Gc is not null && !result.Staged));
        if (result.Gc is { } gc) text.Append(MenuChangeText.Collected(gc));
        return text.ToString();
    }
}
