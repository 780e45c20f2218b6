using BootcPlug.Bootloaders;

namespace Acme.Boot.Tests;

/// <summary>A host root in a temporary folder, laid out as bootcplug lays out <c>--root</c>, deleted at the
/// end.</summary>
public sealed class TempHost : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("acme-boot-tests-").FullName;

    public TempHost()
    {
        Context = BootContext.ForRoot(_root);
        Directory.CreateDirectory(Context.BootDir);
        Directory.CreateDirectory(Context.EspDir);
    }

    public BootContext Context { get; }

    /// <summary>The live or staged menu file of the plugin.</summary>
    public string Menu(BootEntrySet set) =>
        Path.Combine(Context.EspDir, "acme-boot", set == BootEntrySet.Live ? "menu" : "menu.staged");

    public static DeploymentId Deployment(char digit) => DeploymentId.Parse(new string(digit, 64));

    public static EntryTemplate Uki(char digit, string title = "Fedora Linux 42") =>
        new(Deployment(digit), BootArtifactType.Uki, Deployment(digit).Value, "fedora", title, "42");

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
