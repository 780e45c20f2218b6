using System.CommandLine;

namespace BootcPlug.Cli;

/// <summary>Options valid before or after any verb.</summary>
public sealed class GlobalOptions
{
    public Option<DirectoryInfo> Root { get; } = new("--root")
    {
        Description = "Take every system path under DIR (sysroot, boot, ESP, /proc/cmdline, /run).",
        DefaultValueFactory = _ => new DirectoryInfo("/"),
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<DirectoryInfo?> Esp { get; } = new("--esp")
    {
        Description = "The EFI system partition (default: ROOT/boot/efi).",
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<string?> Bootloader { get; } = new("--bootloader")
    {
        Description = "Override bootloader detection.",
        Recursive = true,
    };

    public Option<DirectoryInfo?> Plugins { get; } = new("--plugins")
    {
        Description = "An extra folder of bootloader plugins.",
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log more detail.",
        Recursive = true,
    };

    public Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "Log format on stderr.",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public Option<double> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "Seconds to wait for another bootcplug that holds the host lock before giving up.",
        DefaultValueFactory = _ => 120,
        Recursive = true,
        HelpName = "SECONDS",
    };

    public GlobalOptions()
    {
        Bootloader.AcceptOnlyFromAmong("grub", "systemd", "grub-cc");
        LogFormat.AcceptOnlyFromAmong("text", "json");
    }

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Root);
        root.Options.Add(Esp);
        root.Options.Add(Bootloader);
        root.Options.Add(Plugins);
        root.Options.Add(Verbose);
        root.Options.Add(LogFormat);
        root.Options.Add(LockTimeout);
    }
}
