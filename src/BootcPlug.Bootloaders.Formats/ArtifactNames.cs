using BootcPlug.Platform;

namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// Names of boot artifacts: <c>bootc_composefs-&lt;name&gt;</c> directories and <c>bootc_composefs-&lt;name&gt;.efi</c>
/// UKIs.
/// </summary>
public static class ArtifactNames
{
    /// <summary>
    /// Removes <see cref="BootloaderContract.ArtifactPrefix"/> when present (legacy artifacts have none).
    /// </summary>
    public static string Strip(string name) =>
        name.StartsWith(BootloaderContract.ArtifactPrefix, StringComparison.Ordinal)
            ? name[BootloaderContract.ArtifactPrefix.Length..]
            : name;

    /// <summary>
    /// True for a name that is safe as one path component: non-empty, no separator, not a dot name, no control
    /// characters.
    /// </summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && name.Length <= 200 && name[0] != '.'
            && !name.Any(c => c is '/' or '\\' || char.IsControl(c) || char.IsWhiteSpace(c));

    /// <summary>
    /// Why an artifact found at <paramref name="path"/> under <paramref name="name"/> cannot be listed (a symbolic
    /// link is never followed; a name must be <see cref="IsValid"/>), or null when it can.
    /// </summary>
    public static BootProblem? Problem(string path, string name) =>
        PathGuard.IsSymlink(path) ? new BootProblem(path, null, "is a symbolic link; not followed")
        : !IsValid(name) ? new BootProblem(path, null, "is not a valid artifact name")
        : null;

    /// <summary>Throws unless <see cref="IsValid"/>.</summary>
    public static string Require(string name, string what) =>
        IsValid(name) ? name : throw new ArgumentException($"'{name}' is not a valid {what}.");

    /// <summary>The directory name of a Type1 kernel artifact.</summary>
    public static string KernelDir(string name) => BootloaderContract.ArtifactPrefix + Require(name, "artifact name");

    /// <summary>The file name of a UKI.</summary>
    public static string UkiFile(string name) =>
        BootloaderContract.ArtifactPrefix + Require(name, "artifact name") + ".efi";
}
