using System.Diagnostics;
using BootcPlug.Demo;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

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
        var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true,
            UseShellExecute = false };
        foreach (string arg in new[] { CliRunner.ExecutablePath, "deploy", "--rootfs", tree, "--lock-timeout", "120",
            "--root", host.Root, "--bootloader", "systemd" })
            start.ArgumentList.Add(arg);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var writer = new Process { StartInfo = start };
        writer.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            stderr.Enqueue(line.Data);
            if (line.Data.Contains("waiting for another bootcplug")) waiting.TrySetResult();
        };
        writer.Start();
        writer.BeginErrorReadLine();
        var stdout = writer.StandardOutput.ReadToEndAsync();

        // The writer says it is waiting only after it reached the lock and found it taken: that, not a pause, is
        // what shows it waits. While it waits, nothing on disk changes.
        var first = await Task.WhenAny(waiting.Task, writer.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(first == waiting.Task,
            "the second writer never reported that it waits: " + string.Join(" | ", stderr));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(writer.HasExited, "the second writer gave up while the lock was held");
        DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");

        holder.Dispose();
        Assert.True(writer.WaitForExit(TimeSpan.FromSeconds(90)),
            "the second writer did not finish after the lock was released");
        writer.WaitForExit();   // drains the redirected stderr
        await stdout;
        Assert.True(writer.ExitCode == 0, string.Join("\n", stderr));
        Assert.Equal(2, host.StateDirs.Count);
    }

    [Fact]
    public void Readers_share_the_lock_but_exclude_writers()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        using var reader = HostLock.Acquire(host.Paths, exclusive: false, TimeSpan.Zero);
        using (HostLock.Acquire(host.Paths, exclusive: false, TimeSpan.Zero)) { }
        Assert.Throws<HostLockTimeoutException>(
            () => HostLock.Acquire(host.Paths, exclusive: true, TimeSpan.FromMilliseconds(200)));
    }
}
