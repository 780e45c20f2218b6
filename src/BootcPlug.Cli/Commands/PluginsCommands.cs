using System.CommandLine;
using BootcPlug.Bootloaders;
using BootcPlug.Cli.Hosting;
using BootcPlug.Plugins;

namespace BootcPlug.Cli.Commands;

/// <summary><c>bootcplug plugins list</c>: every plugin folder found, loaded or not and why, and what each backend detects.</summary>
public static class PluginsCommands
{
    public static Command Create(GlobalOptions globals)
    {
        var plugins = new Command("plugins", "Bootloader plugins.");
        var list = new Command("list", "List the plugins found next to bootcplug and in --plugins: loaded, rejected or failed, and why.");
        list.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            PluginHost host;
            IReadOnlyList<string> folders;
            try
            {
                (host, folders) = HostPlugins.Load(parse, globals);
            }
            catch (Deployments.OperationFailedException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine($"bootcplug: {ex.Message}");
                return ExitCodes.Failure;
            }
            using var _ = host;
            var context = Context(parse, globals);
            if (host.Plugins.Count == 0)
                output.WriteLine($"No plugins found in {string.Join(", ", folders)}.");
            foreach (var plugin in host.Plugins)
            {
                var manifest = plugin.Manifest;
                var identity = manifest is null ? "" : $" {manifest.Id} {manifest.Version} (contract {manifest.ContractVersion})";
                output.WriteLine($"{plugin.Name}: {plugin.Status.ToString().ToLowerInvariant()}{identity} from {plugin.Directory}");
                if (plugin.Reason is not null) output.WriteLine($"  reason: {plugin.Reason}");
                if (manifest?.Description is { } description) output.WriteLine($"  {description}");
                foreach (var backend in plugin.Bootloaders) output.WriteLine("  " + Describe(backend, context));
            }
            return ExitCodes.Success;
        });
        plugins.Subcommands.Add(list);
        return plugins;
    }

    private static BootContext Context(ParseResult parse, GlobalOptions globals) =>
        BootContext.ForRoot(parse.GetValue(globals.Root)!.FullName, parse.GetValue(globals.Esp)?.FullName, parse.GetValue(globals.Bootloader));

    private static string Describe(IBootloader backend, BootContext context)
    {
        // A plugin is third-party code: whatever it throws is shown, not propagated.
        try
        {
            var features = backend.Features == BootloaderFeatures.None ? "none" : backend.Features.ToString().ToLowerInvariant();
            var serves = backend.BootloaderNames.Count == 0 ? "" : $", serves {string.Join("/", backend.BootloaderNames)}";
            var detection = backend.Detect(context);
            return $"backend {backend.Name} [{features}{serves}]: {(detection.Detected ? "detected" : "not detected")} ({detection.Reason})";
        }
        catch (Exception e)
        {
            return $"backend {backend.GetType().FullName}: failed: {e.GetType().Name}: {e.Message}";
        }
    }
}
