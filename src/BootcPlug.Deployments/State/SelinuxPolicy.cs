using System.Globalization;
using System.Security.Cryptography;
using BootcPlug.Deployments.Layout;

namespace BootcPlug.Deployments.State;

/// <summary>
/// Which SELinux policy a deployment loads, as bootc tells policies apart for a soft reboot: the sha256 of the
/// highest-numbered <c>policy.N</c> file in <c>etc/selinux/&lt;SELINUXTYPE&gt;/policy/</c>, the type named by
/// <c>etc/selinux/config</c>. Read from the deployment's state dir <c>etc</c>, which on a booted host is what /etc
/// shows. Reads only, and follows no symbolic link below the state dir.
/// </summary>
public static class SelinuxPolicy
{
    private const string TypeSetting = "SELINUXTYPE=";
    private const string PolicyPrefix = "policy.";

    /// <summary>Whether the host runs with SELinux: its selinuxfs shows an enforce file.</summary>
    public static bool Enabled(HostPaths paths) =>
        File.Exists(Path.Combine(paths.Root, "sys", "fs", "selinux", "enforce"));

    /// <summary>
    /// The policy's hash (lowercase hex), or null when the deployment has no <c>etc/selinux/config</c>. A config
    /// without a type, or a type without a readable policy, throws <see cref="StateFileException"/>.
    /// </summary>
    public static string? Hash(HostPaths paths, string deployment)
    {
        string etc = Path.Combine(paths.StateDir(deployment), "etc");
        string config = Path.Combine(etc, "selinux", "config");
        RefuseLinks(etc, config);
        if (!File.Exists(config)) return null;
        try
        {
            string line = File.ReadLines(config)
                    .FirstOrDefault(l => l.StartsWith(TypeSetting, StringComparison.Ordinal))
                ?? throw new StateFileException(config, null, $"no {TypeSetting} line");
            string type = line.Split('=')[1].Trim();
            if (type.Length == 0 || type.Contains('/') || type is "." or "..")
                throw new StateFileException(config, null, $"{TypeSetting}{type}: not a policy type");
            string policyDir = Path.Combine(etc, "selinux", type, "policy");
            RefuseLinks(etc, policyDir);
            if (!Directory.Exists(policyDir))
                throw new StateFileException(config, null, $"{TypeSetting}{type}: {policyDir} does not exist");
            string policy = Latest(policyDir);
            using var stream = File.OpenRead(policy);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(config, null, $"cannot read the SELinux policy: {ex.Message}");
        }
    }

    /// <summary>The regular file <c>policy.N</c> with the highest N; another <c>policy.*</c> is an error.</summary>
    private static string Latest(string policyDir)
    {
        string? latest = null;
        int highest = -1;
        foreach (var file in new DirectoryInfo(policyDir).EnumerateFileSystemInfos())
        {
            if (file is not FileInfo || file.LinkTarget is not null) continue;
            if (!file.Name.StartsWith(PolicyPrefix, StringComparison.Ordinal)) continue;
            string version = file.Name[PolicyPrefix.Length..];
            if (!int.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
                throw new StateFileException(file.FullName, null, $"'{version}' is not a policy version number");
            if (number < highest) continue;
            highest = number;
            latest = file.FullName;
        }
        return latest ?? throw new StateFileException(policyDir, null, "no policy.N file");
    }

    /// <summary>Every component from <paramref name="top"/> down to <paramref name="path"/> must be no link.</summary>
    private static void RefuseLinks(string top, string path)
    {
        string relative = Path.GetRelativePath(top, path);
        string current = top;
        foreach (string part in new[] { "" }.Concat(relative.Split(Path.DirectorySeparatorChar)))
        {
            current = part.Length == 0 ? current : Path.Combine(current, part);
            if (new FileInfo(current).LinkTarget is not null)
                throw new StateFileException(current, null, "is a symbolic link; not followed");
            if (!Path.Exists(current)) return;
        }
    }
}
