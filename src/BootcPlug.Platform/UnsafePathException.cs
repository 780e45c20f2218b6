namespace BootcPlug.Platform;

/// <summary>A directory on the way to a file we would read, create, rename or delete is a symbolic link.</summary>
public sealed class UnsafePathException(string path)
    : IOException($"{path}: is a symbolic link; refusing to follow it")
{
    /// <summary>The symbolic link that was found (the full path of that component).</summary>
    public string LinkPath { get; } = path;
}
