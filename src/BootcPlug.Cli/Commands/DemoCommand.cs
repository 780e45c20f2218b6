using System.CommandLine;
using BootcPlug.Cli.Hosting;
using BootcPlug.Demo;

namespace BootcPlug.Cli.Commands;

/// <summary>`demo DIR [--uki]`: lay out a demo host with booted, rollback and staged deployments.</summary>
public static class DemoCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "A new or empty folder for the demo host." };
        var uki = new Option<bool>("--uki")
        {
            Description = "Boot unified kernel images instead of Type1 kernel + initramfs entries.",
        };
        var demo = new Command("demo",
            "Lay out a complete demo host under DIR (with --bootloader grub, the default, systemd or grub-cc).")
        {
            dir, uki
        };
        demo.SetAction(parse =>
        {
            string root = parse.GetValue(dir)!.FullName;
            string bootloader = parse.GetValue(globals.Bootloader) ?? "grub";
            DemoHost.Prepare(root, bootloader);
            return HostVerb.Run(parse, globals, exclusive: true, root, bootloader, (session, output, _) =>
            {
                bool useUki = parse.GetValue(uki);
                var result = DemoHost.Build(session.Paths, session.Bootloaders, useUki, session.Logger);
                output.WriteLine($"Demo host ready in {root} ({bootloader}, "
                    + $"{(useUki ? "unified kernel images" : "Type1 kernel + initramfs")}):");
                output.WriteLine($"  booted    {result.Booted}");
                output.WriteLine($"  rollback  {result.Rollback}");
                output.WriteLine($"  staged    {result.Staged}");
                output.WriteLine("Try:");
                string bl = bootloader == "grub" ? "" : $" --bootloader {bootloader}";
                foreach (string command in new[]
                {
                    "status", "status --json", "gc --dry-run", "finalize-staged", "rollback",
                    $"delete-deployment {result.Rollback[..12]}", "gc",
                })
                    output.WriteLine($"  bootcplug --root {root}{bl} {command}");
                return ExitCodes.Success;
            });
        });
        return demo;
    }
}
