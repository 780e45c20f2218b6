using System.Diagnostics;
using BootcPlug.Deployments.Demo;
using BootcPlug.Deployments.Layout;
using BootcPlug.Lifecycle.Tests.Support;

namespace BootcPlug.Lifecycle.Tests;

/// <summary>One host lock: a writer waits for another (with a message) or gives up after --lock-timeout.</summary>
public sealed class LockTests
{
    [Fact]
    public void A_writer_gives_up_after_the_lock_timeout_and_changes_nothing()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        using (HostLock.Acquire(host.Paths, exclusive: true, TimeSpan.Zero))
        {
            var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");
            var clock = Stopwatch.StartNew();
            var result = host.Cli("gc", "--lock-timeout", "1");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("another bootcplug process holds the host lock", result.Stderr);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1));
            DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");
        }
    }

    [Fact]
    public async Task A_second_writer_waits_until_the_first_releases_the_lock()
    {
        using var host = new TestHost(new HostConfig("systemd", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string tree = host.Tree(new DemoRelease(2, "k-two"));
        var holder = HostLock.Acquire(host.Paths, exclusive: true, TimeSpan.Zero);
        var writer = Task.Run(() => host.Cli("deploy", "--rootfs", tree, "--lock-timeout", "60"));
        // Long enough for the process to start and reach the lock even on a loaded machine.
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.False(writer.IsCompleted, "the second writer did not wait");
        Assert.Single(host.StateDirs);   // nothing written while the lock was held
        holder.Dispose();
        var result = await writer;
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("waiting for another bootcplug", result.Stderr);
        Assert.Equal(2, host.StateDirs.Count);
    }

    [Fact]
    public void Readers_share_the_lock_but_exclude_writers()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        using var reader = HostLock.Acquire(host.Paths, exclusive: false, TimeSpan.Zero);
        using (HostLock.Acquire(host.Paths, exclusive: false, TimeSpan.Zero)) { }
        Assert.Throws<HostLockTimeoutException>(() => HostLock.Acquire(host.Paths, exclusive: true, TimeSpan.FromMilliseconds(200)));
    }
}
