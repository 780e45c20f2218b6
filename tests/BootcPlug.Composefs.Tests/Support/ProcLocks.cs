namespace BootcPlug.Composefs.Tests.Support;

/// <summary>
/// Reads /proc/locks, where the kernel lists every flock and, marked with "->", every request blocked waiting for one.
/// Lines look like <c>3: -> FLOCK  ADVISORY  WRITE 4711 08:01:1234 0 EOF</c> (major:minor:inode of the file).
/// </summary>
public static class ProcLocks
{
    /// <summary>
    /// Polls until some process waits for a flock on <paramref name="path"/>; false after the timeout.
    /// </summary>
    public static async Task<bool> WaitForWaiterAsync(string path, TimeSpan timeout)
    {
        string inode = ":" + BootcPlug.Platform.FileStatus.Lstat(path).Inode + " ";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.ReadLines("/proc/locks")
                .Any(line => line.Contains("-> FLOCK") && line.Contains(inode, StringComparison.Ordinal)))
                return true;
            await Task.Delay(20);
        }
        return false;
    }
}
