using BootcPlug.Platform.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Platform.Tests;

/// <summary>
/// Nothing outside the named roots: paths read from boot files stay inside their partition, and no symbolic link
/// below a root is followed, by the resolver (openat2 or the per-component walk) or any durable operation.
/// </summary>
public class NoFollowTests
{
    private static readonly DurableFiles Files = new(FaultPoints.None);

    private static string Refusal(Action action) => Assert.ThrowsAny<IOException>(action).Message;

    [Theory]
    [InlineData("/EFI/Linux/x/vmlinuz", true)]
    [InlineData("EFI/Linux/x/vmlinuz", true)]
    [InlineData("../../x", false)]
    [InlineData("/EFI/../../../etc/shadow", false)]
    [InlineData("/EFI\\..\\x", false)]
    public void Entry_paths_must_stay_inside_the_partition(string entryPath, bool safe)
    {
        var resolved = PathGuard.Resolve("/esp", entryPath, out var problem);
        Assert.Equal(safe, resolved is not null);
        if (safe) Assert.StartsWith("/esp/", resolved);
        else Assert.Contains(entryPath, problem);
    }

    /// <summary>
    /// Both resolvers: openat2 (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) and the per-component O_NOFOLLOW walk used
    /// without it.
    /// </summary>
    public static TheoryData<bool> Resolvers => new() { false, true };

    [Theory]
    [MemberData(nameof(Resolvers))]
    public void A_symlink_at_any_level_below_the_root_is_refused_naming_it_and_nothing_is_created_through_it(bool walk)
    {
        NoFollowPaths.ForcePerComponentWalk = walk;
        foreach (var level in new[] { "a", "a/b", "a/b/c" })
        {
            using var dir = new TempDir();
            Directory.CreateDirectory(dir["root/a/b/c"]);
            var canary = Canary.LinkTo(dir, "root/" + level);
            var before = Canary.Fingerprint(canary);
            string link = dir["root/" + level];
            string expected = $"{link}: is a symbolic link; refusing to follow it";

            Assert.Equal(expected, Refusal(() => NoFollowPaths.EnsureDirectory(dir["root"], dir["root/a/b/c"])));
            Assert.Equal(expected,
                Refusal(() => NoFollowPaths.EnsureDirectory(dir["root"], dir["root/a/b/c/not-yet/x"])));
            Assert.Equal(expected, Refusal(() => NoFollowPaths.CreateDirectory(dir["root/a/b/c/new/deeper"])));
            Assert.Equal(expected, Refusal(() => NoFollowPaths.OpenDirectory(dir["root/a/b/c"])));
            Assert.Equal(before, Canary.Fingerprint(canary));
        }
    }

    [Theory]
    [MemberData(nameof(Resolvers))]
    public void Real_directories_resolve_and_missing_ones_are_created_as_real_directories(bool walk)
    {
        NoFollowPaths.ForcePerComponentWalk = walk;
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["root/a"]);
        NoFollowPaths.EnsureDirectory(dir["root"], dir["root/a/missing/too"]);
        Assert.False(Directory.Exists(dir["root/a/missing"]));
        NoFollowPaths.CreateDirectory(dir["root/a/b/c"]);
        Assert.True(Directory.Exists(dir["root/a/b/c"]) && !PathGuard.IsSymlink(dir["root/a/b"]));
        using (var handle = NoFollowPaths.OpenDirectory(dir["root/a/b/c"])) Assert.False(handle.IsInvalid);
        Assert.Throws<DirectoryNotFoundException>(() => NoFollowPaths.OpenDirectory(dir["root/a/nothing"]));
        dir.Write("root/file", "x");
        Assert.Contains("is not a directory",
            Refusal(() => NoFollowPaths.EnsureDirectory(dir["root"], dir["root/file/x"])));
        Assert.Contains("is outside", Refusal(() => NoFollowPaths.EnsureDirectory(dir["root/a"], dir["root"])));
        NoFollowPaths.EnsureDirectory(dir["no-root-yet"], dir["no-root-yet/a"]);   // nothing exists, nothing to follow
    }

    [Fact]
    public void A_trusted_root_is_taken_as_given_even_when_its_own_path_holds_a_link()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["real/sysroot/boot"]);
        Directory.CreateSymbolicLink(dir["named"], dir["real"]);
        string inside = dir["named/sysroot/boot"];
        // Not trusted: the link is a component below "/" like any other.
        Assert.Contains(dir["named"] + ": is a symbolic link", Refusal(() => NoFollowPaths.EnsureDirectory(inside)));
        NoFollowPaths.TrustRoot(dir["named"]);
        NoFollowPaths.EnsureDirectory(inside);
        Assert.Equal(dir["named"], NoFollowPaths.RootOf(inside));
        // Below the trusted root, links are still refused.
        Directory.Move(dir["real/sysroot/boot"], dir["elsewhere"]);
        Directory.CreateSymbolicLink(dir["real/sysroot/boot"], dir["elsewhere"]);
        Assert.Contains(inside + ": is a symbolic link", Refusal(() => NoFollowPaths.EnsureDirectory(inside)));
    }

    /// <summary>
    /// Every durable primitive, aimed at a folder whose parent <c>loader</c> is a link to a canary outside the root.
    /// </summary>
    public static TheoryData<string, bool> DurableOperations()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in DurableOperationsByName.Keys)
            foreach (bool walk in new[] { false, true })
                data.Add(name, walk);
        return data;
    }

    private static readonly Dictionary<string, Action<Func<string, string>>> DurableOperationsByName = new()
    {
        ["WriteFile"] = p => Files.WriteFile(p("loader/entries/new.conf"), [1, 2]),
        ["WriteText over an existing file"] = p => Files.WriteText(p("loader/entries/a.conf"), "changed"),
        ["WriteNewFile"] = p => Files.WriteNewFile(p("loader/entries/new.conf"), [1]),
        ["CopyNewFile"] = p => Files.CopyNewFile(p("source"), p("loader/entries/copy.conf")),
        ["CreateTempDirectory"] = p => Files.CreateTempDirectory(p("loader"), "entries"),
        ["MoveAside"] = p => Files.MoveAside(p("loader/entries"), "finalize"),
        ["SyncDirectory"] = p => Files.SyncDirectory(p("loader/entries")),
        ["TryExchange"] = p => Files.TryExchange(p("loader/entries.staged"), p("loader/entries")),
        ["ReplaceFile"] = p => Files.ReplaceFile(p("loader/entries/a.conf"), p("loader/entries/b.conf")),
        ["ReplaceDirectory"] = p => Files.ReplaceDirectory(p("loader/entries"), p("loader/entries.staged")),
        ["RecoverDirectory"] = p => Files.RecoverDirectory(p("loader/entries")),
        ["RemoveLeftovers"] = p => Files.RemoveLeftovers(p("loader")),
    };

    [Theory]
    [MemberData(nameof(DurableOperations))]
    public void Durable_primitives_refuse_a_linked_directory_and_leave_the_canary_byte_identical(string operation,
        bool walk)
    {
        NoFollowPaths.ForcePerComponentWalk = walk;
        using var dir = new TempDir();
        dir.Write("root/source", "source");
        dir.Write("root/loader/entries/a.conf", "a");
        dir.Write("root/loader/entries/b.conf", "b");
        dir.Write("root/loader/entries.staged/c.conf", "c");
        dir.Write("root/loader/" + DurableFiles.TempPrefix + "previous-entries/old.conf", "old");
        dir.Write("root/loader/" + DurableFiles.TempPrefix + "leftover/x", "x");
        foreach (var level in new[] { "root/loader", "root/loader/entries" })
        {
            if (operation is "CreateTempDirectory" or "RemoveLeftovers"
                && level.EndsWith("entries", StringComparison.Ordinal))
            {
                continue;
            }
            var canary = Canary.LinkTo(dir, level);
            var before = Canary.Fingerprint(canary);
            var e = Assert.ThrowsAny<IOException>(() => DurableOperation(operation, dir));
            Assert.Equal($"{dir[level]}: is a symbolic link; refusing to follow it", e.Message);
            Assert.Equal(before, Canary.Fingerprint(canary));
            Canary.Restore(dir, level, canary);
        }
    }

    private static void DurableOperation(string name, TempDir dir) =>
        DurableOperationsByName[name](relative => dir["root/" + relative]);

    [Fact]
    public void Recursive_delete_removes_links_inside_the_tree_and_a_linked_top_without_following_them()
    {
        using var dir = new TempDir();
        var precious = dir.Write("precious/keep", "keep");
        dir.Write("doomed/sub/file", "x");
        Directory.CreateSymbolicLink(dir["doomed/sub/dirlink"], dir["precious"]);
        File.CreateSymbolicLink(dir["doomed/filelink"], precious);
        Directory.Delete(dir["doomed"], recursive: true);
        Assert.False(Path.Exists(dir["doomed"]));
        Directory.CreateSymbolicLink(dir["top"], dir["precious"]);
        Directory.Delete(dir["top"], recursive: true);
        Assert.False(Path.Exists(dir["top"]));
        Assert.Equal("keep", File.ReadAllText(precious));
    }
}
