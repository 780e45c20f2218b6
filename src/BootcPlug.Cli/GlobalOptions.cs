using System.CommandLine;
using System.CommandLine.Parsing;
using BootcPlug.Cli.Docs;
using BootcPlug.Platform;

namespace BootcPlug.Cli;

/// <summary>Options valid before or after any verb, and the platform services every verb runs with.</summary>
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
        Description = "Override bootloader detection: any bootloader name a plugin manifest declares.",
        Recursive = true,
        HelpName = "NAME",
    };

    public Option<DirectoryInfo?> Plugins { get; } = new("--plugins")
    {
        Description = "An extra folder of bootloader plugins.",
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log more detail, and print the stack trace of an unexpected error.",
        Recursive = true,
    };

    public Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "Log lines on stderr as text or as one JSON object per line.",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public Option<double> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "Seconds to wait for another bootcplug that holds the host lock before giving up (0 or more; "
            + $"above {MaxLockTimeoutSeconds:0} waits indefinitely).",
        DefaultValueFactory = _ => 120,
        Recursive = true,
        HelpName = "SECONDS",
    };

    /// <summary>The process's platform services: durable file operations and the fault points they report to.</summary>
    public PlatformServices Platform { get; }

    /// <summary>
    /// Longer lock timeouts (over 31 years) mean "wait indefinitely"; a TimeSpan would overflow near 9e11 s.
    /// </summary>
    public const double MaxLockTimeoutSeconds = 1e9;

    public GlobalOptions(PlatformServices platform)
    {
        Platform = platform;
        Bootloader.Validators.Add(RequireDeclaredBootloader);
        Bootloader.CompletesAtRunTime(context =>
            DeclaredBootloaders(PluginsGiven(context.ParseResult.GetValue)));
        LogFormat.OneOf("text", "json");
        Root.Validators.Add(RequireDirectory);
        Esp.Validators.Add(RequireDirectory);
        Plugins.Validators.Add(RequireDirectory);
        LockTimeout.Validators.Add(result =>
        {
            if (!TryGetValue(result, out double seconds)) return;
            if (!double.IsFinite(seconds) || seconds < 0)
                result.AddError("--lock-timeout: expected a number of seconds, "
                    + $"0 or more (got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        });
    }

    /// <summary>
    /// How long to wait for the host lock: the option's seconds, or forever beyond <see cref="MaxLockTimeoutSeconds"/>.
    /// </summary>
    public TimeSpan LockWait(ParseResult parse)
    {
        double seconds = parse.GetValue(LockTimeout);
        return seconds > MaxLockTimeoutSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The option's value, or false when it did not convert (the parser reports that error itself).</summary>
    private static bool TryGetValue<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>
    /// A directory option given on the command line must name an existing directory (a usage error otherwise).
    /// </summary>
    private static void RequireDirectory(OptionResult result)
    {
        if (result.Implicit || !TryGetValue(result, out DirectoryInfo? directory) || directory is null
            || directory.Exists) return;
        string problem = File.Exists(directory.FullName) ? "not a directory" : "no such directory";
        result.AddError($"{result.Option.Name}: {directory.FullName}: {problem}");
    }

    /// <summary>
    /// --bootloader must name a bootloader that a readable plugin manifest declares (next to bootcplug or in
    /// --plugins): a usage error listing the declared names otherwise. Only manifests are read; no plugin code runs.
    /// </summary>
    private void RequireDeclaredBootloader(OptionResult result)
    {
        if (result.Implicit || !TryGetValue(result, out string? name) || name is null) return;
        var declared = DeclaredBootloaders(PluginsGiven(result.GetValue));
        if (declared.Contains(name)) return;
        result.AddError(declared.Count == 0
            ? $"--bootloader: '{name}' is not declared by any plugin: no readable plugin manifest declares a bootloader"
            : $"--bootloader: expected {ListText(declared)}");
    }

    /// <summary>The --plugins folder given, when it converted and exists (else its own validator reports).</summary>
    private DirectoryInfo? PluginsGiven(Func<Option<DirectoryInfo?>, DirectoryInfo?> getValue)
    {
        try
        {
            return getValue(Plugins) is { Exists: true } extra ? extra : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The bootloader names the readable plugin manifests declare; only manifests are read.</summary>
    private static IReadOnlyList<string> DeclaredBootloaders(DirectoryInfo? extra)
    {
        using var plugins = BootcPlug.Plugins.PluginHost.Discover(Hosting.HostPlugins.Folders(extra?.FullName));
        return [.. plugins.DeclaredBootloaders];
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string ListText(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

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
