using System.CommandLine;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`composefs init [--algorithm sha256|sha512]`: create the repository and its meta.json.</summary>
internal static class InitVerb
{
    public static Command Create(ComposefsContext context)
    {
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "fs-verity hash of the repository's objects.",
            DefaultValueFactory = _ => "sha512",
        };
        algorithm.OneOf("sha256", "sha512", "fsverity-sha256-12", "fsverity-sha512-12");
        var command = new Command("init", "Create a composefs repository (idempotent for the same algorithm).")
        {
            algorithm
        };
        command.SetAction(parse => ComposefsContext.Run(parse, () =>
        {
            FsVerityAlgorithms.TryParse(parse.GetValue(algorithm), out var chosen);
            string path = context.RepositoryPath(parse);
            var (repository, created) = ComposefsRepository.Init(path, chosen, context.Globals.Platform.Faults);
            using (repository)
            {
                var output = ComposefsContext.Out(parse);
                if (created)
                {
                    output.WriteLine($"Initialized composefs repository at {repository.Path}");
                    output.WriteLine($"  algorithm: {repository.Algorithm.RepositoryName()}");
                }
                else
                {
                    output.WriteLine($"Repository already initialized at {repository.Path}");
                }
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
