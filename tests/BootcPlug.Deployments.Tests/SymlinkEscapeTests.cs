using BootcPlug.Bootloaders;
using BootcPlug.Demo;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Deployments.Workflows;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// Nothing outside the named roots: every directory level of every host path the verbs touch is replaced, in turn,
/// by a symbolic link to a copy of it in a canary directory outside the root. Every verb must refuse (exit 1, one
/// line naming the link), the canary must stay byte-identical, and the root must not change.
/// </summary>
/// <remarks>
/// The CLI sweep (a process per case) is sampled: each configuration tries every other level, alternating between
/// configurations, with one verb per level, rotating with the level and the configuration, so that every level and
/// every verb is tried on several configurations; <c>BOOTCPLUG_SYMLINK_SWEEP=full</c> runs every verb at every
/// level on every configuration. The in-process sweep runs the operations without the CLI's up-front layout check, to
/// show that the checks right before each change hold on their own.
/// </remarks>
public sealed class SymlinkEscapeTests(SymlinkEscapeTests.DemoHosts demoHosts)
    : IClassFixture<SymlinkEscapeTests.DemoHosts>
{
    /// <summary>One demo host per configuration (rollback, booted, staged, and a fourth tree to deploy), built once;
    /// tests work on copies.</summary>
    public sealed class DemoHosts : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, bool),
            Lazy<(TestHost Host, DemoResult Demo)>> _hosts = new();

        /// <summary>A copy of the configuration's demo host, its deployments, and the path of the tree to deploy in the
        /// copy.</summary>
        public (TestHost Host, DemoResult Demo, string Tree) Copy(string bootloader, bool uki)
        {
            var (template, demo) = _hosts.GetOrAdd((bootloader, uki), _ => new(() =>
            {
                var host = new TestHost(new HostConfig(bootloader, uki));
                var result = DemoHost.Build(host.Paths, host.Bootloaders, uki, NullLogger.Instance);
                host.Tree(NextRelease);
                return (host, result);
            })).Value;
            var copy = template.Copy();
            return (copy, demo, Path.Combine(copy.Root, "trees", $"v{NextRelease.Version}"));
        }

        public void Dispose()
        {
            foreach (var host in _hosts.Values.Where(h => h.IsValueCreated)) host.Value.Host.Dispose();
        }
    }

    private static readonly DemoRelease NextRelease = new(4, "6.2.0-demo");

    /// <summary>grub BLS, grub UKI, systemd-boot BLS, systemd-boot UKI, grub-cc (which reads systemd-boot's files; UKIs
    /// with the efi key).</summary>
    private static readonly (string Bootloader, bool Uki)[] ConfigurationList = [("grub", false), ("grub", true),
        ("systemd", false), ("systemd", true), ("grub-cc", true)];

    public static TheoryData<string, bool> Configurations()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (bootloader, uki) in ConfigurationList) data.Add(bootloader, uki);
        return data;
    }

    private static readonly string[][] Verbs =
    [
        ["status"], ["gc", "--dry-run"], ["gc"], ["delete-deployment", "{rollback}"], ["rollback"], ["finalize-staged"],
            ["deploy", "--rootfs", "{tree}"],
    ];

    private static bool Full => Environment.GetEnvironmentVariable("BOOTCPLUG_SYMLINK_SWEEP") == "full";

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_verb_refuses_a_linked_directory_at_every_level_and_leaves_the_canary_byte_identical(
        string bootloader, bool uki)
    {
        var (host, demo, tree) = demoHosts.Copy(bootloader, uki);
        using var disposeHost = host;
        int configuration = Array.IndexOf(ConfigurationList, (bootloader, uki));
        var levels = Levels(host, demo);
        var failures = new List<string>();
        int tried = 0;
        for (int i = 0; i < levels.Count; i++)
        {
            // Sampled: every other level on this configuration (the others on the next), one verb each, rotating.
            if (!Full && (i + configuration) % 2 != 0) continue;
            var verbs = Full ? Verbs : [Verbs[(i + 3 * configuration) % Verbs.Length]];
            foreach (var verb in verbs)
            {
                string[] args = verb.Select(a => a.Replace("{rollback}", demo.Rollback).Replace("{tree}", tree))
                    .ToArray();
                using var canary = Canary.Link(host.Root, levels[i]);
                var rootBefore = DiskSnapshot.Take(host.Root);
                var result = host.Cli(args);
                tried++;
                string what = $"{string.Join(' ', verb)} with {levels[i]} linked";
                string expected = $"bootcplug: {canary.LinkPath}: is a symbolic link";
                if (result.ExitCode != 1) failures.Add($"{what}: exit {result.ExitCode}, stderr {result.Stderr}");
                else if (!result.Stderr.StartsWith(expected, StringComparison.Ordinal) || result.Stderr.TrimEnd('\n')
                    .Contains('\n'))
                    failures.Add($"{what}: expected one line starting '{expected}', got: {result.Stderr}");
                if (canary.Changed() is { } changed) failures.Add($"{what}: the canary changed: {changed}");
                if (Difference(rootBefore, DiskSnapshot.Take(host.Root)) is { } rootChanged) failures.Add(
                    $"{what}: the root changed: {rootChanged}");
            }
        }
        Assert.True(levels.Count >= 15, $"only {levels.Count} levels: {string.Join(", ", levels)}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} cases failed:\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Without_the_session_check_each_operation_still_refuses_before_changing_anything_outside(
        string bootloader, bool uki)
    {
        var (template, demo, tree) = demoHosts.Copy(bootloader, uki);
        using var disposeTemplate = template;
        var failures = new List<string>();
        foreach (var level in Levels(template, demo))
        {
            using var host = template.Copy();
            string copiedTree = Path.Combine(host.Root, Path.GetRelativePath(template.Root, tree));
            using var canary = Canary.Link(host.Root, level);
            var refusals = new List<string>();
            foreach (var (name, operation) in Operations(host, demo, copiedTree))
            {
                try
                {
                    operation();
                }
                catch (Exception e)
                {
                    refusals.Add(e.Message);
                }
                if (canary.Changed() is { } changed) failures.Add(
                    $"{name} with {level} linked: the canary changed: {changed}");
            }
            // Every level this configuration uses is on some operation's way: one of them stopped at the link, naming
            // it.
            if (UsedBy(bootloader, uki, level)
                && !refusals.Any(m => m.Contains($"{canary.LinkPath}: is a symbolic link", StringComparison.Ordinal)))
                failures.Add($"{level} linked: no operation named the link; they said: {string.Join(" | ", refusals)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_lock_is_never_taken_through_a_linked_run_or_a_linked_lock_file()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        using (var canary = Canary.Link(host.Root, "run"))
        {
            var e = Assert.ThrowsAny<IOException>(() => HostLock.Acquire(host.Paths, exclusive: true, TimeSpan.Zero));
            Assert.StartsWith($"{canary.LinkPath}: is a symbolic link", e.Message);
            Assert.Null(canary.Changed());
            // status: the reader neither follows the link nor creates anything anywhere.
            var before = DiskSnapshot.Take(host.Root);
            var status = host.Cli("status");
            Assert.Equal(1, status.ExitCode);
            Assert.StartsWith($"bootcplug: {canary.LinkPath}: is a symbolic link", status.Stderr);
            Assert.Null(canary.Changed());
            Assert.Null(Difference(before, DiskSnapshot.Take(host.Root)));
        }

        string outside = Path.Combine(Directory.CreateTempSubdirectory("bootcplug-canary-").FullName, "lock");
        try
        {
            File.WriteAllText(outside, "precious");
            File.CreateSymbolicLink(host.Paths.LockFile, outside);
            var e = Assert.ThrowsAny<IOException>(() => HostLock.Acquire(host.Paths, exclusive: true, TimeSpan.Zero));
            Assert.StartsWith($"{host.Paths.LockFile}: is a symbolic link", e.Message);
            Assert.Equal(1, host.Cli("gc").ExitCode);
            Assert.Equal("precious", File.ReadAllText(outside));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(outside)!, recursive: true);
        }
    }

    [Fact]
    public void A_named_esp_is_taken_as_given_even_through_a_link_but_not_what_lies_below_it()
    {
        var (host, _, _) = demoHosts.Copy("systemd", false);
        using var disposeHost = host;
        string elsewhere = Directory.CreateTempSubdirectory("bootcplug-esp-").FullName;
        try
        {
            // The administrator names an ESP whose own path is a link: it is used as given.
            string realEsp = Path.Combine(elsewhere, "real");
            Directory.Move(host.Paths.Esp, realEsp);
            string named = Path.Combine(elsewhere, "named");
            Directory.CreateSymbolicLink(named, realEsp);
            var status = host.Cli("status", "--esp", named);
            Assert.True(status.ExitCode == 0, status.Stderr);
            // A link below it is refused all the same.
            using var canary = Canary.Link(named, "loader");
            var gc = host.Cli("gc", "--esp", named);
            Assert.Equal(1, gc.ExitCode);
            Assert.StartsWith($"bootcplug: {canary.LinkPath}: is a symbolic link", gc.Stderr);
            Assert.Null(canary.Changed());
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public void A_linked_origin_or_marker_file_is_reported_and_not_read()
    {
        using var host = new TestHost(new HostConfig("systemd", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        string b = host.Deploy(new DemoRelease(2, "k-two"), stage: true);
        host.BootInto(a);
        new StagedMarker(b, false).Write(host.Paths.StagedMarker, host.Bootloaders.Platform.Files);
        string outside = Directory.CreateTempSubdirectory("bootcplug-canary-").FullName;
        try
        {
            File.Move(host.Paths.OriginFile(a), Path.Combine(outside, "origin"));
            File.CreateSymbolicLink(host.Paths.OriginFile(a), Path.Combine(outside, "origin"));
            File.Move(host.Paths.StagedMarker, Path.Combine(outside, "marker"));
            File.CreateSymbolicLink(host.Paths.StagedMarker, Path.Combine(outside, "marker"));
            var inventory = host.Inventory();
            Assert.Equal($"{host.Paths.OriginFile(a)}: is a symbolic link; not followed",
                inventory.Find(DeploymentId.Parse(a))!.OriginProblem);
            Assert.Null(inventory.Find(DeploymentId.Parse(a))!.Origin);
            Assert.Null(inventory.Marker);
            Assert.Contains("is a symbolic link", inventory.MarkerProblem);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    /// <summary>
    /// Every directory level the verbs lock, read, write or delete in, relative to the root (the ESP is ROOT/boot/efi):
    /// those that exist on this host.
    /// </summary>
    private static List<string> Levels(TestHost host, DemoResult demo)
    {
        string booted = demo.Booted;
        string imageObject = new FileInfo(Path.Combine(host.Paths.Repository, "images", booted)).LinkTarget!;
        string objectDir = Path.GetFileName(Path.GetDirectoryName(imageObject))!;
        var candidates = new List<string>
        {
            "run", "run/composefs",
            "sysroot", "sysroot/state", "sysroot/state/deploy", $"sysroot/state/deploy/{booted}", "sysroot/state/os",
            "sysroot/composefs", "sysroot/composefs/objects", $"sysroot/composefs/objects/{objectDir}",
            "sysroot/composefs/images", "sysroot/composefs/images/refs", "sysroot/composefs/streams",
                "sysroot/composefs/streams/refs",
            "sysroot/boot", "sysroot/boot/loader", "sysroot/boot/loader/entries", "sysroot/boot/loader/entries.staged",
                "sysroot/boot/grub2",
            "boot", "boot/efi", "boot/efi/EFI", "boot/efi/EFI/Linux", "boot/efi/EFI/Linux/bootc",
            "boot/efi/loader", "boot/efi/loader/entries", "boot/efi/loader/entries.staged",
        };
        // The kernel directories (Type1) and UKI addon folders.
        foreach (var folder in new[] { "sysroot/boot", "boot/efi/EFI/Linux", "boot/efi/EFI/Linux/bootc" })
        {
            string full = Path.Combine(host.Root, folder);
            if (!Directory.Exists(full)) continue;
            candidates.AddRange(Directory.GetDirectories(full, "bootc_composefs-*").Order(StringComparer.Ordinal)
                .Select(d => Path.GetRelativePath(host.Root, d)));
        }
        return candidates.Where(level => Directory.Exists(Path.Combine(host.Root, level))).ToList();
    }

    /// <summary>
    /// Whether the operations must meet <paramref name="level"/> on this configuration. Not so for the ESP on a grub
    /// BLS host, the boot dir on an ESP-only host, and the folders that listings skip when linked (object folders,
    /// kernel dirs: reported and left alone, never followed).
    /// </summary>
    private static bool UsedBy(string bootloader, bool uki, string level)
    {
        string name = Path.GetFileName(level);
        if (level.StartsWith("sysroot/composefs/objects/", StringComparison.Ordinal)
            || name.StartsWith("bootc_composefs-", StringComparison.Ordinal)) return false;
        bool espLevel = level == "boot" || level.StartsWith("boot/", StringComparison.Ordinal);
        bool bootDirLevel = level.StartsWith("sysroot/boot", StringComparison.Ordinal);
        if (bootloader == "grub" && !uki) return !espLevel;
        if (bootloader != "grub") return !bootDirLevel;
        return true;
    }

    private static IEnumerable<(string Name, Action Run)> Operations(TestHost host, DemoResult demo, string tree)
    {
        var logger = NullLogger.Instance;
        yield return ("gc", () => new CollectGarbage(host.Context).Run(new CollectGarbageRequest(DryRun: false)));
        yield return ("delete-deployment", () => host.Delete(dryRun: false, collectGarbage: false, demo.Rollback));
        yield return ("rollback", () => new Rollback(host.Context).Run());
        yield return ("finalize-staged", () => new FinalizeStaged(host.Context).Run());
        yield return ("deploy",
            () => new Deployer(host.Paths, host.Bootloaders, logger).Deploy(new DeployRequest(tree, false, [], null)));
    }

    private static string? Difference(IReadOnlyDictionary<string, string> before,
        IReadOnlyDictionary<string, string> after)
    {
        var changed = before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b)
            .ToList();
        return changed.Count == 0 ? null : string.Join(", ", changed.Take(10));
    }

    /// <summary>
    /// A directory of the host moved to a canary folder outside the root, with a symbolic link to it in its place;
    /// disposing puts it back.
    /// </summary>
    private sealed class Canary : IDisposable
    {
        private readonly string _folder;
        private readonly string _copy;
        private readonly IReadOnlyDictionary<string, string> _before;

        private Canary(string linkPath)
        {
            LinkPath = linkPath;
            _folder = Directory.CreateTempSubdirectory("bootcplug-canary-").FullName;
            _copy = Path.Combine(_folder, Path.GetFileName(linkPath));
            Directory.Move(linkPath, _copy);
            Directory.CreateSymbolicLink(linkPath, _copy);
            _before = DiskSnapshot.Take(_folder);
        }

        public string LinkPath { get; }

        public static Canary Link(string root, string level) => new(Path.Combine(root, level));

        /// <summary>The changed paths in the canary, or null when it is byte-identical.</summary>
        public string? Changed() => Difference(_before, DiskSnapshot.Take(_folder));

        public void Dispose()
        {
            if (new FileInfo(LinkPath).LinkTarget is not null) File.Delete(LinkPath);
            if (!Path.Exists(LinkPath)) Directory.Move(_copy, LinkPath);
            Directory.Delete(_folder, recursive: true);
        }
    }
}
