using BootcPlug.Bootloaders;
using BootcPlug.Testing;

namespace BootcPlug.Plugins.Tests.Support;

/// <summary>Fake host layouts: ROOT/sysroot/boot (boot dir), ROOT/boot/efi (ESP),
/// ROOT/sys/firmware/efi/efivars.</summary>
public static class Hosts
{
    public static readonly string VerityA = new('a', 128);
    public static readonly string VerityB = new('b', 128);
    public static readonly string VerityC = new('c', 128);

    public static BootContext Context(TempDir dir, string? bootloader = null)
    {
        var context = BootContext.ForRoot(dir.Path, bootloader: bootloader);
        Assert.Equal((dir["sysroot/boot"], dir["boot/efi"], dir["sys/firmware/efi/efivars"]),
            (context.BootDir, context.EspDir, context.EfiVarsDir));
        Directory.CreateDirectory(context.BootDir);
        Directory.CreateDirectory(context.EspDir);
        return context;
    }

    public static EntryTemplate Type1Template(string verity, string version = "42.20250101.0", string os = "fedora") =>
        new(DeploymentId.Parse(verity), BootArtifactType.Bls, verity, os, $"Fedora Linux {version}", version)
        {
            Options = $"root=UUID=6f0e rw composefs={verity}",
        };

    public static EntryTemplate UkiTemplate(string verity, string version = "42.20250101.0", string os = "fedora") =>
        new(DeploymentId.Parse(verity), BootArtifactType.Uki, verity, os, $"Fedora Linux {version}", version);

    /// <summary>Writes the LoaderInfo EFI variable: 4 attribute bytes, then UTF-16LE text with a NUL.</summary>
    public static void SetLoaderInfo(BootContext context, string value)
    {
        Directory.CreateDirectory(context.EfiVarsDir);
        var bytes = new byte[] { 6, 0, 0, 0 }.Concat(System.Text.Encoding.Unicode.GetBytes(value + "\0")).ToArray();
        File.WriteAllBytes(Path.Combine(context.EfiVarsDir, Bootloaders.Formats.LoaderInfo.VariableName), bytes);
    }

    /// <summary>Stages each template in turn with the one before as secondary, finalizing after each.</summary>
    public static void Deploy(IBootMenu backend, BootContext context, params EntryTemplate[] templates)
    {
        foreach (var template in templates)
        {
            var live = backend.ListEntries(context).Live;
            backend.WriteStaged(context, template, live.Count > 0 ? live[0] : null);
            Assert.True(backend.FinalizeStaged(context));
        }
    }

    /// <summary>Every file under a folder with its content, for before/after comparisons.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return result;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(folder, file)] = File.ReadAllText(file);
        return result;
    }
}
