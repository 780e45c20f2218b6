using BootcPlug.Testing;

namespace BootcPlug.Platform.Tests;

/// <summary>
/// flock locks belong to open files: two locks on one directory in one process contend as two processes.
/// </summary>
public class FileLockTests
{
    [Fact]
    public void Shared_locks_coexist_and_keep_an_exclusive_one_out()
    {
        using var dir = new TempDir();
        using var first = FileLock.OnDirectory(dir.Path);
        using var second = FileLock.OnDirectory(dir.Path);
        using var writer = FileLock.OnDirectory(dir.Path);
        first.Lock(LockMode.Shared);
        Assert.True(second.TryLock(LockMode.Shared));
        Assert.False(writer.TryLock(LockMode.Exclusive));
        Assert.Null(writer.Mode);
    }

    [Fact]
    public void An_exclusive_lock_keeps_everyone_out_until_it_is_released()
    {
        using var dir = new TempDir();
        var holder = FileLock.OnDirectory(dir.Path);
        using var other = FileLock.OnDirectory(dir.Path);
        holder.Lock(LockMode.Exclusive);
        Assert.Equal(LockMode.Exclusive, holder.Mode);
        Assert.False(other.TryLock(LockMode.Shared));
        Assert.False(other.TryLock(LockMode.Exclusive));
        holder.Dispose();
        Assert.True(other.TryLock(LockMode.Exclusive));
    }

    [Fact]
    public void A_shared_lock_converts_to_exclusive_once_it_is_the_only_one_and_back()
    {
        using var dir = new TempDir();
        using var gc = FileLock.OnDirectory(dir.Path);
        var reader = FileLock.OnDirectory(dir.Path);
        gc.Lock(LockMode.Shared);
        reader.Lock(LockMode.Shared);
        Assert.False(gc.TryLock(LockMode.Exclusive));
        reader.Dispose();
        Assert.True(gc.TryLock(LockMode.Exclusive));
        gc.Lock(LockMode.Shared);
        using var another = FileLock.OnDirectory(dir.Path);
        Assert.True(another.TryLock(LockMode.Shared));
    }

    [Fact]
    public void Waiting_gives_up_after_the_timeout_and_announces_the_wait_once()
    {
        using var dir = new TempDir();
        using var holder = FileLock.OnDirectory(dir.Path);
        using var waiter = FileLock.OnDirectory(dir.Path);
        holder.Lock(LockMode.Exclusive);
        int announced = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(waiter.TryLock(LockMode.Shared, TimeSpan.FromMilliseconds(300), () => announced++));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, announced);
    }

    [Fact]
    public void Waiting_succeeds_as_soon_as_the_holder_lets_go()
    {
        using var dir = new TempDir();
        var holder = FileLock.OnDirectory(dir.Path);
        using var waiter = FileLock.OnDirectory(dir.Path);
        holder.Lock(LockMode.Exclusive);
        using var release = new Timer(_ => holder.Dispose(), null, 200, Timeout.Infinite);
        Assert.True(waiter.TryLock(LockMode.Exclusive, TimeSpan.FromSeconds(30)));
        Assert.Equal(LockMode.Exclusive, waiter.Mode);
    }

    [Fact]
    public void A_disposed_lock_refuses_to_lock_again_and_a_missing_directory_is_named()
    {
        using var dir = new TempDir();
        var fileLock = FileLock.OnDirectory(dir.Path);
        fileLock.Dispose();
        fileLock.Dispose();
        Assert.Throws<ObjectDisposedException>(() => fileLock.Lock(LockMode.Shared));
        var e = Assert.Throws<IOException>(() => FileLock.OnDirectory(dir["missing"]));
        Assert.StartsWith(dir["missing"] + ": open failed", e.Message);
    }
}
