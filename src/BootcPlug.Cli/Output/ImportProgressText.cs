using BootcPlug.Composefs.Oci;

namespace BootcPlug.Cli.Output;

/// <summary>One line per layer of an image import as it starts and ends, only when stderr is a terminal.</summary>
public static class ImportProgressText
{
    public static Action<OciLayerProgress>? OnTerminal(TextWriter error) =>
        Progress.OnTerminal(error) is { } progress ? layer => progress.Report(Describe(layer)) : null;

    public static string Describe(OciLayerProgress layer) =>
        $"layer {layer.Index + 1}/{layer.Count} {layer.DiffId} ({HumanSize.Of((ulong)layer.CompressedSize)}): "
        + (layer.AlreadyPresent ? "already present" : layer.Done ? "done" : "importing");
}
