using System.Text;
using System.Text.Json;
using BootcPlug.Bootloaders;

namespace Acme.Boot.Tests;

public sealed class MenuFileDetectorTests : IDisposable
{
    private readonly TempHost _host = new();
    private readonly MenuFileDetector _detector = new();

    public void Dispose() => _host.Dispose();

    /// <summary>The bootloader name plugin.json declares: the only name the detector may answer with.</summary>
    private static string DeclaredName()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "plugin.json");
        using var manifest = JsonDocument.Parse(File.ReadAllText(path));
        return manifest.RootElement.GetProperty("bootloaders")[0].GetProperty("name").GetString()!;
    }

    [Fact]
    public void A_host_without_the_menu_or_the_firmware_variable_is_not_claimed()
    {
        var detection = _detector.Detect(_host.Context);
        Assert.False(detection.Detected);
        Assert.Contains(_host.Menu(BootEntrySet.Live), detection.Reason);
    }

    [Fact]
    public void A_live_menu_file_claims_the_host_for_the_declared_bootloader()
    {
        new FolderMenu().WriteStaged(_host.Context, TempHost.Uki('a'), null);
        new FolderMenu().FinalizeStaged(_host.Context);

        var detection = _detector.Detect(_host.Context);
        Assert.Equal((DeclaredName(), DetectionStrength.Certain), (detection.Bootloader, detection.Strength));
    }

    [Fact]
    public void The_firmware_loader_info_naming_the_bootloader_claims_the_host()
    {
        Directory.CreateDirectory(_host.Context.EfiVarsDir);
        var variable = Path.Combine(_host.Context.EfiVarsDir, MenuFileDetector.LoaderInfoVariable);
        File.WriteAllBytes(variable, [6, 0, 0, 0, .. Encoding.Unicode.GetBytes($"{DeclaredName()} 1.0\0")]);

        var detection = _detector.Detect(_host.Context);
        Assert.Equal((DeclaredName(), DetectionStrength.Certain), (detection.Bootloader, detection.Strength));

        File.WriteAllBytes(variable, [6, 0, 0, 0, .. Encoding.Unicode.GetBytes("systemd-boot 257\0")]);
        Assert.False(_detector.Detect(_host.Context).Detected);
    }
}
