using BootcPlug.Testing;

namespace BootcPlug.Platform.Tests;

/// <summary>
/// The repository GC unlinks objects relative to a handle on their folder, opened without following links:
/// swapping the folder for a link after it was opened cannot send a removal elsewhere.
/// </summary>
public sealed class UnlinkRelativeTests
{
    [Fact]
    public void A_folder_swapped_for_a_link_after_it_was_opened_does_not_redirect_the_unlink()
    {
        using var dir = new TempDir();
        string folder = dir["objects/ab"];
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "victim"), "garbage");
        string canary = dir["canary"];
        Directory.CreateDirectory(canary);
        File.WriteAllText(Path.Combine(canary, "victim"), "precious");

        using var handle = NoFollowResolver.OpenDirectory(dir.Path, folder);
        Directory.Move(folder, dir["objects/moved"]);
        Directory.CreateSymbolicLink(folder, canary);

        Assert.True(NoFollowResolver.UnlinkFile(handle, "victim", Path.Combine(folder, "victim")));
        Assert.Equal("precious", File.ReadAllText(Path.Combine(canary, "victim")));
        Assert.False(File.Exists(dir["objects/moved/victim"]));
        Assert.False(NoFollowResolver.UnlinkFile(handle, "victim", Path.Combine(folder, "victim")));
    }

    [Fact]
    public void Opening_a_linked_folder_is_refused()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["elsewhere"]);
        Directory.CreateDirectory(dir["objects"]);
        Directory.CreateSymbolicLink(dir["objects/ab"], dir["elsewhere"]);
        var error = Assert.Throws<UnsafePathException>(() =>
            NoFollowResolver.OpenDirectory(dir.Path, dir["objects/ab"]));
        Assert.Equal(dir["objects/ab"], error.LinkPath);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    public void Only_plain_names_are_unlinked(string name)
    {
        using var dir = new TempDir();
        using var handle = NoFollowResolver.OpenDirectory(dir.Path, dir.Path);
        Assert.Throws<ArgumentException>(() => NoFollowResolver.UnlinkFile(handle, name, name));
    }
}
