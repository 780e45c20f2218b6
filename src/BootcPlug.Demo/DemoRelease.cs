using System.Text;
using BootcPlug.Deployments.Operations.Deploy;

namespace BootcPlug.Demo;

/// <summary>
/// One version of the demo OS as a root filesystem tree: os-release, a few files, a kernel and initramfs.
/// </summary>
public sealed record DemoRelease(int Version, string KernelVersion)
{
    public const string OsId = "demo-os";

    public string OsRelease =>
        $"ID={OsId}\nNAME=\"Demo OS\"\nVERSION_ID={Version}\nPRETTY_NAME=\"Demo OS {Version}\"\n";

    public string ImageRef => $"quay.io/bootcplug/demo-os:{Version}";

    /// <summary>All files get this time, so that writing a release twice gives the same image.</summary>
    private DateTime FileTime => new(2026, 1, Version, 12, 0, 0, DateTimeKind.Utc);

    private byte[] Kernel => Noise(KernelVersion + "/vmlinuz", 192 * 1024);

    private byte[] Initrd => Noise(KernelVersion + "/initramfs", 96 * 1024);

    /// <summary>
    /// Writes the tree: with its kernel under usr/lib/modules, or, for a UKI host, none yet (see <see cref="AddUki"/>).
    /// </summary>
    public void Write(string root, bool uki)
    {
        WriteText(root, "usr/lib/os-release", OsRelease);
        WriteText(root, "etc/os-release", OsRelease);
        WriteText(root, "etc/hostname", "demo\n");
        WriteText(root, "usr/bin/demo-tool", $"#!/bin/sh\n# Demo OS {Version}\n"
            + Filler($"demo tool {Version} ", 4096));
        WriteText(root, "usr/share/demo/shared.txt", Filler("shared by every version ", 8192));
        WriteText(root, $"usr/share/demo/release-{Version}.txt", Filler($"only in version {Version} ", 16384));
        Directory.CreateDirectory(Path.Combine(root, "var"));
        Directory.CreateDirectory(Path.Combine(root, "boot"));

        if (!uki)
        {
            WriteBytes(root, $"usr/lib/modules/{KernelVersion}/vmlinuz", Kernel);
            WriteBytes(root, $"usr/lib/modules/{KernelVersion}/initramfs.img", Initrd);
        }
        SetTimes(root);
    }

    /// <summary>Adds the UKI, whose command line names the image of the tree as <see cref="Write"/> left it.</summary>
    public void AddUki(string root, string commandLine)
    {
        var uki = UkiBuilder.Build(
        [
            (".osrel", Encoding.UTF8.GetBytes(OsRelease)),
            (".cmdline", Encoding.UTF8.GetBytes(commandLine)),
            (".linux", Kernel),
            (".initrd", Initrd),
        ]);
        WriteBytes(root, $"{BootSource.UkiFolder}/{OsId}-{Version}.efi", uki);
        SetTimes(root);
    }

    private void SetTimes(string directory)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo child) SetTimes(child.FullName);
            entry.LastWriteTimeUtc = FileTime;
        }
        Directory.SetLastWriteTimeUtc(directory, FileTime);
    }

    private static string Filler(string phrase, int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length) builder.Append(phrase);
        return builder.ToString(0, length) + "\n";
    }

    /// <summary>
    /// Deterministic bytes: the same name always gives the same content, so equal kernels share a dir.
    /// </summary>
    private static byte[] Noise(string name, int length)
    {
        var bytes = new byte[length];
        new Random(name.Aggregate(17, (h, c) => unchecked(h * 31 + c))).NextBytes(bytes);
        return bytes;
    }

    private static void WriteText(string root, string relative, string text) =>
        WriteBytes(root, relative, Encoding.UTF8.GetBytes(text));

    private static void WriteBytes(string root, string relative, byte[] bytes)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
