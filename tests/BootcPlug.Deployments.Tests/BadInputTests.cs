using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>Bad input: a clear message naming the file or deployment, a non-zero exit, nothing changed on
/// disk.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TestHost _host = new(new HostConfig("grub", Uki: false));
    private readonly string _a, _b;

    public BadInputTests()
    {
        _a = _host.Deploy(new DemoRelease(1, "k-one"));
        _host.BootInto(_a);
        _b = _host.Deploy(new DemoRelease(2, "k-two"));
    }

    public void Dispose() => _host.Dispose();

    private void AssertRefused(int exitCode, string message, params string[] args)
    {
        var before = DiskSnapshot.Take(_host.Root, "run/bootcplug.lock");
        var result = _host.Cli(args);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        DiskSnapshot.AssertUnchanged(before, _host.Root, "run/bootcplug.lock");
    }

    [Fact]
    public void Unknown_id_is_not_found()
        => AssertRefused(1, "Deployment 0123456789ab not found", "delete-deployment", "0123456789ab");

    [Fact]
    public void Booted_deployment_cannot_be_deleted_even_with_another_valid_id() =>
        AssertRefused(1, "Cannot delete currently booted deployment", "delete-deployment", _b, _a[..12]);

    [Fact]
    public void Short_or_non_hex_id_is_a_usage_error()
    {
        AssertRefused(2, "at least its first 12", "delete-deployment", _b[..11]);
        AssertRefused(2, "is not a deployment id", "delete-deployment", "ZZZZZZZZZZZZZZ");
    }

    [Fact]
    public void Malformed_entry_makes_gc_refuse_and_status_warn()
    {
        string entries = Path.Combine(_host.Paths.BootDir, "loader", "entries");
        File.WriteAllText(Path.Combine(entries, "broken.conf"), "title broken\noptions composefs=abc\n");
        AssertRefused(1, "broken.conf", "gc");
        var status = _host.Cli("status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("broken.conf", status.Stderr);
    }

    [Fact]
    public void Corrupt_image_makes_gc_refuse_naming_the_image()
    {
        string image = Path.Combine(_host.Paths.Repository, "images", _a);
        string target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(image)!, new FileInfo(image).LinkTarget!));
        File.WriteAllBytes(target, new byte[4096]);
        AssertRefused(1, _a, "gc");
    }

    [Fact]
    public void Unreadable_origin_is_reported_by_name_and_left_out_of_status()
    {
        string origin = _host.Paths.OriginFile(_b);
        File.WriteAllText(origin, "[origin]\nthis line is not ini\n");
        var status = _host.Cli("status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"{origin}:2: expected 'key = value'", status.Stderr);
        Assert.DoesNotContain(_b, status.Stdout);
    }

    [Fact]
    public void Missing_rootfs_is_a_usage_error() =>
        AssertRefused(2, "no such directory", "deploy", "--rootfs", Path.Combine(_host.Root, "nope"));

    [Fact]
    public void Unsupported_status_format_version_is_a_usage_error() =>
        AssertRefused(2, "Unsupported format version: 2", "status", "--format-version", "2");

    [Fact]
    public void Root_that_does_not_exist_is_reported()
    {
        var result = CliRunner.Run("status", "--root", Path.Combine(_host.Root, "missing"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"bootcplug: --root: {Path.Combine(_host.Root, "missing")}: no such directory\n", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_host.Root, "missing")));
    }

    [Fact]
    public void Status_does_not_write_anything()
    {
        File.Delete(_host.Paths.LockFile);
        var before = DiskSnapshot.Take(_host.Root);
        Assert.Equal(0, _host.Cli("status", "--json").ExitCode);
        DiskSnapshot.AssertUnchanged(before, _host.Root);
    }
}
