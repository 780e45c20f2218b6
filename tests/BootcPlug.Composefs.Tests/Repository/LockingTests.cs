using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.Repository;

public sealed class LockingTests
{
    [Fact]
    public async Task Shared_holder_blocks_gc_until_released()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        var holder = ComposefsRepository.Open(repo.Path);
        var gc = Task.Run(() => repo.Gc());
        // The kernel lists a process blocked in flock as a waiter in /proc/locks: proof that GC reached the lock
        // and waits there, not merely that it has not got that far yet.
        Assert.True(await ProcLocks.WaitForWaiterAsync(repo.Path, TimeSpan.FromSeconds(30)),
            "gc never blocked on the repository lock");
        Assert.False(gc.IsCompleted);
        Assert.Equal(1, repo.CountObjects());
        holder.Dispose();
        Assert.Same(gc, await Task.WhenAny(gc, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Equal(1, (await gc).ObjectsRemoved);
        Assert.Equal(0, repo.CountObjects());
    }

    [Fact]
    public async Task Dry_run_does_not_wait_for_shared_holders()
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);
        using var holder = ComposefsRepository.Open(repo.Path);
        var dry = Task.Run(() => repo.Gc(dryRun: true));
        Assert.Same(dry, await Task.WhenAny(dry, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Equal(1, (await dry).ObjectsRemoved);
        Assert.Equal(1, repo.CountObjects());
    }

    [Fact]
    public void Gc_holds_the_exclusive_lock_while_it_runs_and_then_shares_again()
    {
        using var repo = new TestRepository();
        Assert.False(repo.Repository.Lock.IsExclusive);
        repo.Gc();
        Assert.False(repo.Repository.Lock.IsExclusive);
        using var other = ComposefsRepository.Open(repo.Path);
        Assert.False(other.Lock.TryUpgradeToExclusive());
    }
}
