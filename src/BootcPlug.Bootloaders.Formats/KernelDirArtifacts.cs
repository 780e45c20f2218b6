using BootcPlug.Platform;

namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// Type1 boot artifacts: <c>bootc_composefs-&lt;name&gt;/</c> directories holding <c>vmlinuz</c> and <c>initrd</c>,
/// directly inside one folder (the boot dir for grub, <c>ESP/EFI/Linux</c> for systemd-boot).
/// </summary>
/// <param name="folder">The folder that holds the kernel directories.</param>
/// <param name="durable">The durable file operations every change goes through.</param>
public sealed class KernelDirArtifacts(string folder, DurableFiles durable)
{
    /// <summary>The kernel file name inside a kernel directory.</summary>
    public const string Kernel = "vmlinuz";

    /// <summary>The initramfs file name inside a kernel directory.</summary>
    public const string Initrd = "initrd";

    /// <summary>The folder that holds the kernel directories.</summary>
    public string Folder => folder;

    /// <summary>
    /// For writers only: removes what an interrupted install or delete left under temporary names (a kernel dir being
    /// built, which nothing refers to yet, or one being deleted, which nothing refers to any more).
    /// </summary>
    public void Recover() => durable.RemoveLeftovers(folder);

    /// <summary>
    /// Lists the prefixed kernel directories; symbolic links are reported, not followed. Changes nothing.
    /// </summary>
    public BootArtifactListing List()
    {
        var artifacts = new List<BootArtifact>();
        var problems = new List<BootProblem>();
        NoFollowPaths.EnsureDirectory(folder);
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateDirectories(folder, BootloaderContract.ArtifactPrefix + "*")
                .Order(StringComparer.Ordinal))
            {
                var name = ArtifactNames.Strip(Path.GetFileName(path));
                if (ArtifactNames.Problem(path, name) is { } problem)
                {
                    problems.Add(problem);
                    continue;
                }
                artifacts.Add(new BootArtifact(BootArtifactType.Bls, name, path));
            }
        }
        return new BootArtifactListing(artifacts, problems);
    }

    /// <summary>
    /// Copies a kernel and initrd into a new kernel directory: built under a temporary name, synced, renamed into
    /// place.
    /// </summary>
    public BootArtifact Install(BootArtifactSource source)
    {
        if (source.Type != BootArtifactType.Bls)
            throw new NotSupportedException($"{folder}: only Type1 kernel directories are installed here.");
        if (source.Kernel is null || source.Initrd is null)
            throw new ArgumentException("A Type1 artifact needs a kernel and an initrd.");
        var target = Path.Combine(folder, ArtifactNames.KernelDir(source.Name));
        NoFollowPaths.EnsureDirectory(folder);
        if (Directory.Exists(target) || File.Exists(target)) throw new IOException($"{target}: already exists");
        Directory.CreateDirectory(folder);
        Recover();
        var temp = durable.CreateTempDirectory(folder, "kernel");
        durable.CopyNewFile(source.Kernel, Path.Combine(temp, Kernel));
        durable.CopyNewFile(source.Initrd, Path.Combine(temp, Initrd));
        durable.SyncDirectory(temp);
        durable.SwapDirectory(target, temp);
        return new BootArtifact(BootArtifactType.Bls, source.Name, target);
    }

    /// <summary>
    /// Deletes a kernel directory after checking it is exactly <c>FOLDER/bootc_composefs-NAME</c> and a real directory.
    /// </summary>
    public void Delete(BootArtifact artifact)
    {
        if (artifact.Type != BootArtifactType.Bls)
            throw new ArgumentException($"{artifact.Path}: not a Type1 kernel directory.");
        var expected = Path.Combine(folder, ArtifactNames.KernelDir(artifact.Name));
        if (Path.GetFullPath(artifact.Path) != Path.GetFullPath(expected))
            throw new ArgumentException(
                $"{artifact.Path}: refusing to delete, the kernel directory of '{artifact.Name}' is {expected}.");
        if (!Directory.Exists(expected)) throw new DirectoryNotFoundException($"{expected}: no such kernel directory");
        if (PathGuard.IsSymlink(expected))
            throw new IOException($"{expected}: is a symbolic link; refusing to delete through it");
        // Rename first so that a crash never leaves a half-deleted directory under the artifact's own name.
        Directory.Delete(durable.MoveAside(expected, "deleted"), recursive: true);
    }
}
