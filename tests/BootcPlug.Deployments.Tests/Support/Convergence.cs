using System.Text.RegularExpressions;
using BootcPlug.Bootloaders.Formats.Bls;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Deployments.Status;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>
/// What "converged" means after an interrupted operation: gc and status work, the booted deployment is whole, a
/// second gc is a no-op, no temporary leftovers; and, against an uninterrupted run, the same tree on disk.
/// </summary>
public static partial class Convergence
{
    public static void AssertConverges(this TestHost host, string booted, string context)
    {
        host.Gc();
        var status = HostStatusBuilder.Build(host.Inventory());
        Assert.True(status.Document.Status.Booted?.Composefs?.Verity.Value == booted,
            $"{context}: booted deployment missing from status");
        host.AssertWhole(booted, context);

        var second = host.Gc();
        string summary = $"{context}: second gc was not a no-op: artifacts {second.BootArtifacts.Count}, state " +
            $"{second.StateDirs.Count}, "
            + $"tags {second.Tags.Count}, objects {second.Objects.Count}, images {second.ImagesPruned}, streams " +
                $"{second.StreamsPruned}, marker {second.StagedMarkerRemoved}";
        Assert.True(second.BootArtifacts.Count == 0 && second.StateDirs.Count == 0 && second.Tags.Count == 0
            && second.Objects.Count == 0
            && second.ImagesPruned == 0 && second.StreamsPruned == 0 && !second.StagedMarkerRemoved, summary);
        host.AssertNoLeftovers(context);
    }

    /// <summary>The deployment has a live entry, its artifact, its state dir and origin, its image and every object of
    /// it.</summary>
    public static void AssertWhole(this TestHost host, string verity, string context)
    {
        var inventory = host.Inventory();
        var entry = inventory.Entries.Live.FirstOrDefault(e => e.Deployment.Value == verity);
        Assert.True(entry is not null, $"{context}: {verity} lost its live boot entry");
        Assert.True(host.ArtifactNames.Contains(entry!.BootArtifactName),
            $"{context}: {verity} lost its boot artifact {entry.BootArtifactName}");
        Assert.True(File.Exists(host.Paths.OriginFile(verity)), $"{context}: {verity} lost its origin");
        string image = Path.Combine(host.Paths.Repository, "images", verity);
        Assert.True(File.Exists(image), $"{context}: {verity} lost its image");
        foreach (var id in ImageObjectReferences.CollectFile(image, FsVerityAlgorithm.Sha512))
            Assert.True(File.Exists(Path.Combine(host.Paths.Repository, "objects", id.ToObjectPathName())),
                $"{context}: object {id} of {verity} is gone");
    }

    /// <summary>The booted deployment and the one that boots next are whole.</summary>
    public static void AssertBootable(this TestHost host, string booted, string context)
    {
        host.AssertWhole(booted, context + " (booted)");
        var next = host.Live.FirstOrDefault();
        Assert.True(next is not null, $"{context}: no live boot entry at all");
        host.AssertWhole(next!.Deployment.Value, context + " (next boot)");
    }

    /// <summary>No temporary name of any writer is left anywhere under the root (the test's input trees
    /// aside).</summary>
    public static void AssertNoLeftovers(this TestHost host, string context)
    {
        var leftovers = new DirectoryInfo(host.Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(e => Path.GetRelativePath(host.Root, e.FullName))
            .Where(p => !p.StartsWith("trees/", StringComparison.Ordinal))
            .Where(p => Path.GetFileName(p) is var name
                && (name.StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal)
                    || name.StartsWith(".tmp-", StringComparison.Ordinal) || name == BlsEntryStore.FinalizeTag))
            .ToList();
        Assert.True(leftovers.Count == 0, $"{context}: leftovers: {string.Join(", ", leftovers.Take(10))}");
    }

    /// <summary>
    /// The host's files (entries, next-boot order, state dirs, images, objects, artifacts, marker) with their
    /// content: what an uninterrupted run and a killed-then-rerun one must agree on. The image info's build time
    /// (and the manifest digest computed from it) comes from the clock, so it is masked.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Tree(this TestHost host)
    {
        var files = DiskSnapshot.Take(host.Root, ["trees", "run/bootcplug.lock"]);
        return files.ToDictionary(f => f.Key,
            f => f.Key.EndsWith(".imginfo", StringComparison.Ordinal)
            || f.Key.EndsWith(".origin", StringComparison.Ordinal)
            ? ClockFree(File.ReadAllText(Path.Combine(host.Root, f.Key)))
            : f.Value, StringComparer.Ordinal);
    }

    public static void AssertSameTree(IReadOnlyDictionary<string, string> expected,
        IReadOnlyDictionary<string, string> actual, string context)
    {
        var differing = expected.Keys.Union(actual.Keys)
            .Where(k => !expected.TryGetValue(k, out var e) || !actual.TryGetValue(k, out var a) || a != e)
            .Order(StringComparer.Ordinal)
            .Select(k => (expected.ContainsKey(k) ? "" : "+") + (actual.ContainsKey(k) ? "" : "-") + k)
            .ToList();
        Assert.True(differing.Count == 0,
            $"{context}: differs from the uninterrupted run (+ only here, - missing here): " +
                $"{string.Join(", ", differing.Take(12))}");
    }

    private static string ClockFree(string text)
        => Sha256Digest().Replace(CreatedTime().Replace(text, "\"created\":\"*\""), "sha256:*");

    [GeneratedRegex("\"created\"\\s*:\\s*\"[^\"]*\"")]
    private static partial Regex CreatedTime();

    [GeneratedRegex("sha256:[0-9a-f]{64}")]
    private static partial Regex Sha256Digest();
}
