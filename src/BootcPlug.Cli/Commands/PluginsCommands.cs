using System.CommandLine;
using BootcPlug.Bootloaders;
using BootcPlug.Cli.Hosting;
using BootcPlug.Plugins;

namespace BootcPlug.Cli.Commands;

/// <summary>
/// <c>bootcplug plugins list</c>: every plugin folder found, loaded or not and why, the bootloaders each declares, its
/// roles, what its detector finds, and which bootloader a host verb would choose.
/// </summary>
public static class PluginsCommands
{
    public static Command Create(GlobalOptions globals)
    {
        var plugins = new Command("plugins",
            "Inspect the bootloader plugins: which were found, which loaded or were refused, and what they serve.");
        var list = new Command("list",
            "List the plugins found next to bootcplug and in --plugins: loaded, rejected or failed, and why.");
        list.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            PluginHost host;
            IReadOnlyList<string> folders;
            try
            {
                (host, folders) = HostPlugins.LoadAll(parse, globals);
            }
            catch (Deployments.OperationFailedException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine($"bootcplug: {ex.Message}");
                return ExitCodes.Failure;
            }
            using var _ = host;
            var context = BootContext.ForRoot(
                parse.GetValue(globals.Root)!.FullName, parse.GetValue(globals.Esp)?.FullName);
            if (host.Plugins.Count == 0)
                output.WriteLine($"No plugins found in {string.Join(", ", folders)}.");
            foreach (var plugin in host.Plugins)
            {
                var manifest = plugin.Manifest;
                var identity = manifest is null
                    ? ""
                    : $" {manifest.Id} {manifest.Version} (contract {manifest.ContractVersion})";
                output.WriteLine(
                    $"{plugin.Name}: {plugin.Status.ToString().ToLowerInvariant()}{identity} from {plugin.Directory}");
                if (plugin.Reason is not null) output.WriteLine($"  reason: {plugin.Reason}");
                if (manifest?.Description is { } description) output.WriteLine($"  {description}");
                foreach (var line in Describe(plugin, context)) output.WriteLine("  " + line);
            }
            output.WriteLine(Chosen(host, context, parse.GetValue(globals.Bootloader)));
            return ExitCodes.Success;
        });
        plugins.Subcommands.Add(list);
        return plugins;
    }

    private static IEnumerable<string> Describe(PluginReport plugin, BootContext context)
    {
        var manifest = plugin.Manifest;
        if (manifest?.Bootloaders is { Count: > 0 } bootloaders)
            yield return "serves: "
                + string.Join(", ", bootloaders.Select(b => $"{b.Name} (status {b.Status.ToWireName()})"));
        if (manifest?.Artifacts is { Count: > 0 } artifacts)
            yield return "stores: " + string.Join(", ", artifacts.Select(a =>
                $"{a.Type.ToWireName()} ({(a.Serves == ArtifactScope.Any
                    ? "for any bootloader"
                    : "for its own bootloaders")})"));
        if (plugin.Status != PluginStatus.Loaded) yield break;
        yield return "roles: " + string.Join(", ", plugin.Roles.Names());
        if (plugin.Roles.Detector is { } detector) yield return "detection: " + Detection(detector, context);
    }

    private static string Detection(IBootloaderDetector detector, BootContext context)
    {
        // A plugin is third-party code: whatever it throws is shown, not propagated.
        try
        {
            var detection = detector.Detect(context);
            string verdict = detection.Strength switch
            {
                DetectionStrength.Certain => $"detected {detection.Bootloader}",
                DetectionStrength.Fallback => $"{detection.Bootloader} by default",
                _ => "not detected",
            };
            return $"{verdict} ({detection.Reason})";
        }
        catch (Exception e)
        {
            return $"failed: {e.GetType().Name}: {e.Message}";
        }
    }

    private static string Chosen(PluginHost host, BootContext context, string? requested)
    {
        if (!host.Loaded.Any()) return "bootloader: none: no plugin could be used";
        try
        {
            var selected = BootloaderSelection.Select(host, context, requested);
            return $"bootloader: {selected.Name}, status name {selected.StatusName} ({selected.Reason})";
        }
        catch (InvalidOperationException e)
        {
            return $"bootloader: none: {e.Message}";
        }
    }
}
