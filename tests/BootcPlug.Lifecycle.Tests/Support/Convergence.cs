using BootcPlug.Bootloaders;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Deployments.Status;

namespace BootcPlug.Lifecycle.Tests.Support;

/// <summary>After an interrupted operation: gc and status work, the booted deployment is whole, a second gc is a no-op.</summary>
public static class Convergence
{
    public static void AssertConverges(this TestHost host, string booted, string context)
    {
        host.Gc();
        var status = HostStatusBuilder.Build(host.Inventory());
        Assert.True(status.Document.Status.Booted?.Composefs?.Verity.Value == booted, $"{context}: booted deployment missing from status");
        host.AssertWhole(booted, context);

        var second = host.Gc();
        string summary = $"{context}: second gc was not a no-op: artifacts {second.BootArtifacts.Count}, state {second.StateDirs.Count}, "
            + $"tags {second.Tags.Count}, objects {second.Objects.Count}, images {second.ImagesPruned}, streams {second.StreamsPruned}, marker {second.StagedMarkerRemoved}";
        Assert.True(second.BootArtifacts.Count == 0 && second.StateDirs.Count == 0 && second.Tags.Count == 0 && second.Objects.Count == 0
            && second.ImagesPruned == 0 && second.StreamsPruned == 0 && !second.StagedMarkerRemoved, summary);
    }

    /// <summary>The deployment has a live entry, its artifact, its state dir and origin, its image and every object of it.</summary>
    public static void AssertWhole(this TestHost host, string verity, string context)
    {
        var inventory = host.Inventory();
        var entry = inventory.Entries.Live.FirstOrDefault(e => e.Verity == verity);
        Assert.True(entry is not null, $"{context}: {verity} lost its live boot entry");
        Assert.Contains(entry!.BootArtifactName, host.ArtifactNames);
        Assert.True(File.Exists(host.Paths.OriginFile(verity)), $"{context}: {verity} lost its origin");
        string image = Path.Combine(host.Paths.Repository, "images", verity);
        Assert.True(File.Exists(image), $"{context}: {verity} lost its image");
        foreach (var id in ImageObjectReferences.CollectFile(image, FsVerityAlgorithm.Sha512))
            Assert.True(File.Exists(Path.Combine(host.Paths.Repository, "objects", id.ToObjectPathName())), $"{context}: object {id} of {verity} is gone");
    }
}
