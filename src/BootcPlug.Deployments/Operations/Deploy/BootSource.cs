using System.Security.Cryptography;
using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Bootloaders.Formats.Pe;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// What a root filesystem tree boots: a unified kernel image under boot/EFI/Linux/, or else the vmlinuz and
/// initramfs.img of its one kernel under usr/lib/modules/&lt;version&gt;/. Each must be a regular file: a FIFO would
/// block the read forever, a symbolic link could point out of the tree.
/// </summary>
public sealed record BootSource(BootArtifactType Type, string? Kernel, string? Initrd, string? Uki,
    IReadOnlyList<string> Addons, string BootDigest)
{
    public const string UkiFolder = "boot/EFI/Linux";

    public static BootSource Find(string rootfs)
    {
        string ukiDir = Path.Combine(rootfs, UkiFolder);
        var ukis = Directory.Exists(ukiDir)
            ? Directory.GetFiles(ukiDir, "*.efi").Order(StringComparer.Ordinal).ToList()
            : [];
        if (ukis.Count > 1)
            throw new OperationFailedException(
                $"{ukiDir}: {ukis.Count} unified kernel images; a tree must carry exactly one");
        if (ukis.Count == 1)
        {
            string uki = ukis[0];
            TreeFiles.RequireRegularFile(uki, "the unified kernel image");
            string addonDir = uki + ".extra.d";
            var addons = Directory.Exists(addonDir)
                ? Directory.GetFiles(addonDir, "*.addon.efi").Order(StringComparer.Ordinal).ToList()
                : [];
            foreach (string addon in addons) TreeFiles.RequireRegularFile(addon, "a UKI addon");
            return new BootSource(BootArtifactType.Uki, null, null, uki, addons, UkiBootDigest(uki));
        }

        string modules = Path.Combine(rootfs, "usr", "lib", "modules");
        var kernels = Directory.Exists(modules)
            ? Directory.GetDirectories(modules)
                .Where(d => File.Exists(Path.Combine(d, "vmlinuz")))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        if (kernels.Count == 0)
            throw new OperationFailedException(
                $"{rootfs}: no kernel: expected {UkiFolder}/*.efi or usr/lib/modules/<version>/vmlinuz");
        if (kernels.Count > 1)
            throw new OperationFailedException($"{modules}: {kernels.Count} kernels "
                + $"({string.Join(", ", kernels.Select(Path.GetFileName))}); a tree must carry exactly one");
        string kernel = Path.Combine(kernels[0], "vmlinuz");
        string initrd = Path.Combine(kernels[0], "initramfs.img");
        if (!File.Exists(initrd)) throw new OperationFailedException($"{initrd}: missing (the initramfs of {kernel})");
        TreeFiles.RequireRegularFile(kernel, "the kernel");
        TreeFiles.RequireRegularFile(initrd, "the initramfs");
        return new BootSource(BootArtifactType.Bls, kernel, initrd, null, [], Type1BootDigest(kernel, initrd));
    }

    /// <summary>
    /// sha256 of vmlinuz followed by initrd: how bootc tells whether two deployments can share a kernel dir.
    /// </summary>
    public static string Type1BootDigest(string kernel, string initrd)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in new[] { kernel, initrd })
        {
            // Also called on the host's installed kernel dirs: a FIFO there must fail the deploy, not hang it.
            TreeFiles.RequireRegularTarget(file);
            using var stream = File.OpenRead(file);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>sha256 of the UKI's .linux section followed by its .initrd section.</summary>
    public static string UkiBootDigest(string uki)
    {
        var image = OpenPe(uki);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(image.ReadSection(".linux") ?? throw new OperationFailedException($"{uki}: no .linux section"));
        hash.AppendData(image.ReadSection(".initrd") ?? []);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static PeImage OpenPe(string path)
    {
        try
        {
            return PeImage.Open(path);
        }
        catch (BootFormatException ex)
        {
            throw new OperationFailedException($"{path}: not a unified kernel image: {ex.Message}", ex);
        }
    }

    /// <summary>Refuses a UKI whose command line does not name the deployment (it would boot another image).</summary>
    public void CheckUkiCommandLine(string verity)
    {
        if (Type != BootArtifactType.Uki) return;
        string? cmdline = OpenPe(Uki!).ReadSectionText(".cmdline");
        var karg = ComposefsKarg.Find(cmdline);
        if (karg?.Verity != verity)
            throw new OperationFailedException($"{Uki}: The UKI has the wrong composefs= parameter: its .cmdline says "
                + $"'{karg?.ToString() ?? "(none)"}', the image is {verity}");
    }
}
