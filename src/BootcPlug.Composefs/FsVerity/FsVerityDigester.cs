using System.Runtime.InteropServices;
using BootcPlug.Platform;

namespace BootcPlug.Composefs.FsVerity;

/// <summary>Computes fs-verity digests of whole files, byte arrays and streams in user space.</summary>
public static class FsVerityDigester
{
    private const int ReadSize = 1 << 20;

    public static ObjectId Compute(FsVerityAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        var hasher = new FsVerityHasher(algorithm);
        hasher.Append(data);
        return new ObjectId(algorithm, hasher.GetDigest());
    }

    public static ObjectId Compute(FsVerityAlgorithm algorithm, Stream stream)
    {
        var hasher = new FsVerityHasher(algorithm);
        byte[] buffer = new byte[ReadSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            hasher.Append(buffer.AsSpan(0, read));
        return new ObjectId(algorithm, hasher.GetDigest());
    }

    /// <summary>
    /// The digest of a regular file (a symlink to one is followed), read sequentially with one pooled buffer per call.
    /// </summary>
    /// <exception cref="IOException">
    /// The file cannot be read, or is not a regular file ("PATH: not a regular file").
    /// </exception>
    public static unsafe ObjectId ComputeFile(FsVerityAlgorithm algorithm, string path)
    {
        // Plain open(2) and pread(2): File.OpenHandle adds a getcwd, two flock calls (its FileShare emulation) and an
        // fadvise per file, and a SafeFileHandle an lseek; on many small files that is most of the cost.
        // Never a FIFO, socket or device: opening one for reading can block forever (RegularFile refuses them).
        int fd = RegularFile.Open(path, followSymlinks: true, out long size);
        try
        {
            return Hash(algorithm, fd, size, path);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>
    /// The digest the kernel keeps for a file with fs-verity enabled (FS_IOC_MEASURE_VERITY: no reading), else the
    /// digest computed by reading it, as <see cref="ComputeFile"/>.
    /// </summary>
    public static ObjectId MeasureOrComputeFile(FsVerityAlgorithm algorithm, string path)
    {
        int fd = RegularFile.Open(path, followSymlinks: true, out long size);
        try
        {
            byte[]? kernel = KernelFsVerity.Measure(fd, (byte)algorithm, algorithm.DigestSize(), path);
            return kernel is not null ? new ObjectId(algorithm, kernel) : Hash(algorithm, fd, size, path);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>
    /// Hashes the <paramref name="size"/> bytes the file had when it was opened, as fsverity-utils does (the kernel
    /// measures its i_size too): no read at the end only to see end of file. A file that shrank meanwhile gives the
    /// digest of what is left.
    /// </summary>
    private static unsafe ObjectId Hash(FsVerityAlgorithm algorithm, int fd, long size, string path)
    {
        var hasher = new FsVerityHasher(algorithm);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            fixed (byte* start = buffer)
            {
                long offset = 0;
                while (offset < size)
                {
                    nint read = LibC.Pread(fd, start, (nuint)Math.Min(ReadSize, size - offset), offset);
                    if (read == 0) break;
                    if (read < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == LibC.EINTR) continue;
                        throw LibC.Error("read", path);
                    }
                    hasher.Append(buffer.AsSpan(0, (int)read));
                    offset += read;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        return new ObjectId(algorithm, hasher.GetDigest());
    }

    /// <summary>
    /// Digests many files on all cores, one file per worker at a time (like running fsverity-utils in parallel).
    /// Results come back in input order; a file that cannot be read gives its exception in place of a digest.
    /// </summary>
    public static IReadOnlyList<(string Path, ObjectId Digest, Exception? Error)> ComputeFiles(
        FsVerityAlgorithm algorithm, IReadOnlyList<string> paths, int maxDegreeOfParallelism = -1)
    {
        var results = new (string, ObjectId, Exception?)[paths.Count];
        int workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        WorkerThreads.ForEach(paths.Count, workers, i =>
        {
            try
            {
                results[i] = (paths[i], ComputeFile(algorithm, paths[i]), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                results[i] = (paths[i], default, e);
            }
        });
        return results;
    }
}
