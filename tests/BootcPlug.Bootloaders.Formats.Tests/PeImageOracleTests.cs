using BootcPlug.Bootloaders.Formats.Pe;
using BootcPlug.Testing;

namespace BootcPlug.Bootloaders.Formats.Tests;

/// <summary>Our PE reader against independent tools (objcopy, pefile) on a UKI built from the real systemd
/// stub.</summary>
public class PeImageOracleTests
{
    private static readonly string Verity = new('a', 128);

    [SkippableFact]
    public void Pe_sections_read_by_us_equal_objcopy_and_pefile_on_a_real_stub_uki()
    {
        var objcopy = Oracle.Require("objcopy");
        const string stub = "/usr/lib/systemd/boot/efi/linuxx64.efi.stub";
        if (!File.Exists(stub))
        {
            if (Oracle.InCi) Assert.Fail($"{stub} is missing (package systemd-boot-efi)");
            Skip.If(true, "no systemd-boot stub");
        }
        using var dir = new TempDir();
        var osrel = dir.Write("osrel", "ID=fedora\nPRETTY_NAME=\"Fedora Linux 42 (Adams)\"\nVERSION_ID=42\n");
        var cmdline = dir.Write("cmdline", $"root=UUID=abcd composefs={Verity} rw\n");
        var linux = dir.Write("linux", new string('K', 5000));
        var initrd = dir.Write("initrd", new string('I', 777));
        var uki = dir["uki.efi"];
        var (exit, _, stderr) = Oracle.Run(objcopy,
            "--add-section", $".osrel={osrel}", "--change-section-vma", ".osrel=0x20000",
            "--add-section", $".cmdline={cmdline}", "--change-section-vma", ".cmdline=0x30000",
            "--add-section", $".linux={linux}", "--change-section-vma", ".linux=0x2000000",
            "--add-section", $".initrd={initrd}", "--change-section-vma", ".initrd=0x3000000",
            stub, uki);
        Assert.True(exit == 0, stderr);

        var image = PeImage.Open(uki);
        foreach (var (section, source) in new[] { (".osrel", osrel), (".cmdline", cmdline), (".linux", linux),
            (".initrd", initrd) })
        {
            Assert.Equal(File.ReadAllBytes(source), image.ReadSection(section));
            var dumped = dir[$"dump{section}"];
            Assert.Equal(0, Oracle.Run(objcopy, "-O", "binary", $"--only-section={section}", uki, dumped).ExitCode);
            Assert.Equal(File.ReadAllBytes(dumped), image.ReadSection(section));
        }
        Assert.Contains(".sbat", image.Sections.Select(s => s.Name));

        var python = "/usr/bin/python3";
        var probe = Oracle.Run(python, "-c", "import pefile");
        if (probe.ExitCode != 0)
        {
            if (Oracle.InCi) Assert.Fail("python3-pefile is not importable from /usr/bin/python3");
            Skip.If(true, "no pefile");
        }
        var script = "import pefile,sys\npe=pefile.PE(sys.argv[1],fast_load=True)\nfor s in pe.sections:\n  " +
            "print(s.Name.rstrip(b'\\0').decode(), s.Misc_VirtualSize, s.PointerToRawData)\n";
        var (pyExit, pyOut, pyErr) = Oracle.Run(python, "-c", script, uki);
        Assert.True(pyExit == 0, pyErr);
        Assert.Equal(
            pyOut.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            image.Sections.Select(s => $"{s.Name} {s.VirtualSize} {s.RawOffset}"));
    }
}
