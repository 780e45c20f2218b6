using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Platform;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Repository;

/// <summary>composefs-rs's repository GC test scenarios plus the cases where our semantics differ.</summary>
public sealed class GarbageCollectionScenarioTests
{
    private const string Img1 = "e657c995a9578b5e5ff8c369c3bf51b3ab49d5384f56793390e7ee09a06118a4"
        + "a9afdd329f2f02f72dd6fd50de8a8fcc09cb192c8d1c287fb768f3c9d5629e07";
    private const string ImgA = "7de8ec91610dfbe3fa35dc7ec4d5907c3865221f87851c6f99390cec2af4af03"
        + "52e561352d5bc605aa0b6bfae34689381f7303ebbada8915fe19b39d12eff5f9";
    private const string ImgB = "89cd5adf206a78cdd3a1585d24a1decb933bd97efbf39b537e78c4193156a27a"
        + "c60dca6b2ee99a7757896e6b4d908401e0126ed1c2e27f1f81d7005ab563cf01";

    private static void AssertCounts(GarbageCollectionResult result, long objects, long streams, long images)
    {
        Assert.Equal((objects, streams, images), (result.ObjectsRemoved, result.StreamsPruned, result.ImagesPruned));
        if (objects > 0) Assert.True(result.BytesFreed > 0);
        Assert.Empty(result.Errors);
    }

    /// <summary>
    /// Runs a dry run, then the real GC, checks both report the same, and that a second run removes nothing.
    /// </summary>
    private static GarbageCollectionResult GcTwice(TestRepository repo, params string[] roots)
    {
        string before = repo.Snapshot();
        var dry = repo.Gc(dryRun: true, roots);
        Assert.Equal(before, repo.Snapshot());
        var real = repo.Gc(dryRun: false, roots);
        Assert.Equal(dry with { DryRun = false }, real with { Skipped = dry.Skipped, Errors = dry.Errors });
        var again = repo.Gc(dryRun: false, roots);
        Assert.Equal(0, again.ObjectsRemoved);
        Assert.Equal(0, again.ImagesPruned + again.StreamsPruned);
        return real;
    }

    [Fact]
    public void Scenario1_unreferenced_stream_is_collected_with_its_objects()
    {
        using var repo = new TestRepository();
        var obj1 = repo.Store(TestRepository.Obj1Data);
        var obj2 = repo.Store(TestRepository.Obj2Data);
        SplitstreamBuilder.WriteStream(repo.Repository, "test-stream", [obj2]);
        AssertCounts(GcTwice(repo), 3, 1, 0);
        Assert.False(repo.Repository.HasObject(obj1));
        Assert.False(File.Exists(Path.Combine(repo.Path, "streams", "test-stream"))
            || new FileInfo(Path.Combine(repo.Path, "streams", "test-stream")).LinkTarget is not null);
    }

    [Fact]
    public void Scenario2_additional_root_keeps_the_stream()
    {
        using var repo = new TestRepository();
        var obj1 = repo.Store(TestRepository.Obj1Data);
        var obj2 = repo.Store(TestRepository.Obj2Data);
        SplitstreamBuilder.WriteStream(repo.Repository, "test-stream", [obj2]);
        AssertCounts(GcTwice(repo, "test-stream"), 1, 0, 0);
        Assert.False(repo.Repository.HasObject(obj1));
        Assert.True(repo.Repository.HasObject(obj2));
    }

    [Fact]
    public void Scenario3_stream_ref_is_a_root()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var obj2 = repo.Store(TestRepository.Obj2Data);
        SplitstreamBuilder.WriteStream(repo.Repository, "test-stream", [obj2], refName: "ref-name");
        AssertCounts(GcTwice(repo), 1, 0, 0);
        Assert.True(repo.Repository.HasObject(obj2));
    }

    [Fact]
    public void Scenario4_shared_object_is_kept_while_one_root_needs_it()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var obj2 = repo.Store(TestRepository.Obj2Data);
        var obj3 = repo.Store(TestRepository.Obj3Data);
        var obj4 = repo.Store(TestRepository.Obj4Data);
        SplitstreamBuilder.WriteStream(repo.Repository, "test-stream1", [obj2, obj3]);
        SplitstreamBuilder.WriteStream(repo.Repository, "test-stream2", [obj2, obj4]);
        AssertCounts(GcTwice(repo, "test-stream1"), 3, 1, 0);
        Assert.True(repo.Repository.HasObject(obj2));
        Assert.True(repo.Repository.HasObject(obj3));
        Assert.False(repo.Repository.HasObject(obj4));
    }

    [Theory]
    [InlineData("test-stream1")]
    [InlineData("different-table-name-for-test-stream1")]
    public void Scenario5_and_6_named_refs_are_followed_by_object_id(string tableName)
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var obj2 = repo.Store(TestRepository.Obj2Data);
        var s1 = SplitstreamBuilder.WriteStream(repo.Repository, "test-stream1", [obj2]);
        SplitstreamBuilder.WriteStream(repo.Repository, "test-stream2", [], [(tableName, s1)]);
        AssertCounts(GcTwice(repo, "test-stream2"), 1, 0, 0);
        Assert.True(repo.Repository.HasObject(obj2));
        Assert.True(repo.Repository.HasObject(s1));
    }

    [Fact]
    public void Scenario7_recursive_named_refs()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var obj2 = repo.Store(TestRepository.Obj2Data);
        var obj3 = repo.Store(TestRepository.Obj3Data);
        var obj4 = repo.Store(TestRepository.Obj4Data);
        var s1 = SplitstreamBuilder.WriteStream(repo.Repository, "test-stream1", [obj2]);
        var s2 = SplitstreamBuilder.WriteStream(repo.Repository, "test-stream2", [obj3]);
        var s3 = SplitstreamBuilder.WriteStream(repo.Repository, "test-stream3", [obj4]);
        SplitstreamBuilder.WriteStream(repo.Repository, "ref-stream1", [], [("a", s1), ("b", s2)]);
        SplitstreamBuilder.WriteStream(repo.Repository, "ref-stream2", [], [("a", s1), ("c", s3)]);
        AssertCounts(GcTwice(repo, "ref-stream1"), 4, 2, 0);
        Assert.True(repo.Repository.HasObject(obj3));
        Assert.False(repo.Repository.HasObject(s3));
    }

    [Fact]
    public void Scenario8_unnamed_image_is_collected_with_its_objects()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var image = repo.CommitImage(null, ("data", TestRepository.Obj2Data));
        Assert.Equal(Img1, image.ToHex());
        AssertCounts(GcTwice(repo), 3, 0, 1);
        Assert.Equal(0, repo.CountObjects());
    }

    [Fact]
    public void Scenario9_image_hex_as_additional_root()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        repo.CommitImage(null, ("data", TestRepository.Obj2Data));
        AssertCounts(GcTwice(repo, Img1), 1, 0, 0);
        Assert.Equal(2, repo.CountObjects());
    }

    [Fact]
    public void Scenario10_image_ref_is_a_root()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        repo.CommitImage("ref-name", ("data", TestRepository.Obj2Data));
        AssertCounts(GcTwice(repo), 1, 0, 0);
        Assert.NotNull(repo.Repository.FindImage("ref-name"));
    }

    [Fact]
    public void Scenario11_objects_shared_between_images()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var a = repo.CommitImage(null, ("data", TestRepository.Obj2Data), ("extra_data", TestRepository.Obj3Data));
        var b = repo.CommitImage(null, ("data", TestRepository.Obj2Data), ("extra_data", TestRepository.Obj4Data));
        Assert.Equal(ImgA, a.ToHex());
        Assert.Equal(ImgB, b.ToHex());
        AssertCounts(GcTwice(repo, ImgA), 3, 0, 1);
        Assert.True(
            repo.Repository.HasObject(FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, TestRepository.Obj3Data)));
        Assert.False(repo.Repository.HasObject(b));
    }

    [Fact]
    public void Nested_image_refs_keep_the_image()
    {
        using var repo = new TestRepository();
        repo.CommitImage("deploy/a/b", ("data", TestRepository.Obj2Data));
        Assert.Equal("../../../" + Img1, new FileInfo(Path.Combine(repo.Path, "images/refs/deploy/a/b")).LinkTarget);
        AssertCounts(GcTwice(repo), 0, 0, 0);
        Assert.Equal(2, repo.CountObjects());
    }

    [Fact]
    public void Empty_repository_removes_nothing()
    {
        using var repo = new TestRepository();
        AssertCounts(GcTwice(repo), 0, 0, 0);
    }

    [Fact]
    public void Dangling_ref_aborts_with_nothing_deleted()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        repo.Repository.WriteRef("images", "broken", "0123");
        string before = repo.Snapshot();
        var e = Assert.Throws<GarbageCollectionException>(() => repo.Gc());
        Assert.Contains("images/refs/broken", e.Message);
        Assert.Contains("dangling", e.Message);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void Missing_or_corrupt_root_image_aborts_with_nothing_deleted()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var image = repo.CommitImage("kept", ("data", TestRepository.Obj2Data));
        File.WriteAllBytes(repo.Repository.ObjectPath(image), new byte[5000]);
        string before = repo.Snapshot();
        var e = Assert.Throws<GarbageCollectionException>(() => repo.Gc());
        Assert.Contains("images/" + Img1, e.Message);
        Assert.Equal(before, repo.Snapshot());
        File.Delete(repo.Repository.ObjectPath(image));
        Assert.Contains("missing", Assert.Throws<GarbageCollectionException>(() => repo.Gc()).Message);
        Assert.Equal(
            TestRepository.Obj1Data.Length,
            new FileInfo(repo.Repository.ObjectPath(
                FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, TestRepository.Obj1Data))).Length);
    }

    [Fact]
    public void Corrupt_root_stream_aborts_with_nothing_deleted()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var stream = SplitstreamBuilder.WriteStream(repo.Repository, "s", [], refName: "r");
        File.WriteAllBytes(repo.Repository.ObjectPath(stream), "not a splitstream at all, sorry"u8.ToArray());
        string before = repo.Snapshot();
        Assert.Contains("streams/s", Assert.Throws<GarbageCollectionException>(() => repo.Gc()).Message);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void Unknown_additional_root_and_non_symlink_entries_abort()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        Assert.Contains("no-such", Assert.Throws<GarbageCollectionException>(() => repo.Gc(false, "no-such")).Message);
        Directory.CreateDirectory(Path.Combine(repo.Path, "images"));
        File.WriteAllText(Path.Combine(repo.Path, "images", "plain-file"), "x");
        Assert.Contains("images/plain-file", Assert.Throws<GarbageCollectionException>(() => repo.Gc()).Message);
        Assert.Equal(1, repo.CountObjects());
    }

    [Fact]
    public void Bad_object_names_are_reported_and_kept()
    {
        using var repo = new TestRepository();
        var obj1 = repo.Store(TestRepository.Obj1Data);
        string hex = obj1.ToHex();
        string odd = Path.Combine(repo.Path, "objects", hex[..2], "not-an-object");
        string upper = Path.Combine(repo.Path, "objects", hex[..2], hex[2..].ToUpperInvariant());
        string stray = Path.Combine(repo.Path, "objects", "stray.txt");
        File.WriteAllText(odd, "x");
        File.WriteAllText(upper, "y");
        File.WriteAllText(stray, "z");
        var result = GcTwice(repo);
        Assert.Equal(1, result.ObjectsRemoved);
        Assert.Equal(3, result.Skipped.Count);
        Assert.Contains(result.Skipped, s => s.Contains("not-an-object"));
        Assert.True(File.Exists(odd) && File.Exists(upper) && File.Exists(stray));
    }

    [Fact]
    public void Broken_links_are_pruned_and_counted_exactly_in_dry_run()
    {
        using var repo = new TestRepository();
        var image = repo.CommitImage("gone", ("data", TestRepository.Obj2Data));
        // Remove the ref so the image becomes garbage; leave an already-broken stream link and a ref to it.
        File.Delete(Path.Combine(repo.Path, "images", "refs", "gone"));
        new DurableFiles(FaultPoints.None)
            .ReplaceSymlink(Path.Combine(repo.Path, "streams", "orphan"), "../objects/00/" + new string('0', 126));
        var result = GcTwice(repo);
        AssertCounts(result, 2, 1, 1);
        Assert.False(repo.Repository.HasObject(image));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(repo.Path, "streams")));
    }

    [Fact]
    public void Image_reached_through_a_stream_named_ref_keeps_its_objects()
    {
        using var repo = new TestRepository();
        var image = repo.CommitImage(null, ("data", TestRepository.Obj2Data));
        var config = repo.Store("{}"u8.ToArray());
        SplitstreamBuilder.WriteStream(repo.Repository, "oci-config-sha256:1", [config], [("composefs.image", image)],
            refName: "oci/tag");
        AssertCounts(GcTwice(repo), 0, 0, 0);
        Assert.True(
            repo.Repository.HasObject(FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, TestRepository.Obj2Data)));
    }

    [Fact]
    public void Old_layout_streams_are_walked()
    {
        using var repo = new TestRepository();
        var obj2 = repo.Store(TestRepository.Obj2Data);
        repo.Store(TestRepository.Obj1Data);
        SplitstreamBuilder.WriteStream(repo.Repository, "old", [obj2], refName: "old", oldLayout: true);
        AssertCounts(GcTwice(repo), 1, 0, 0);
        Assert.True(repo.Repository.HasObject(obj2));
    }
}
