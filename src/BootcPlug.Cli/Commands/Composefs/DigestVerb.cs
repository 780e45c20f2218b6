using System.CommandLine;
using BootcPlug.Cli.Docs;
using BootcPlug.Cli.Output;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`composefs digest [--algorithm] FILE...`: fs-verity digests printed as fsverity-utils does.</summary>
internal static class DigestVerb
{
    public static Command Create(ComposefsContext context)
    {
        var algorithm = new Option<string?>("--algorithm")
        {
            Description = "sha256 or sha512 (default: the repository's algorithm, else sha512).",
        };
        algorithm.OneOf("sha256", "sha512");
        var files = new Argument<string[]>("FILE")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Files to digest.",
        };
        files.CompletesAsFile();
        var command = new Command("digest", "Print '<alg>:<hex> <path>' for each file (4096-byte blocks, no salt).")
        {
            algorithm, files
        };
        command.SetAction(parse =>
        {
            var chosen = Choose(parse.GetValue(algorithm), context.RepositoryPath(parse));
            var paths = parse.GetValue(files)!;
            var results = FsVerityDigester.ComputeFiles(chosen, paths);
            int exit = ExitCodes.Success;
            var listing = new System.Text.StringBuilder();
            foreach (var (path, digest, error) in results)
            {
                if (error is not null)
                {
                    // The digester's messages start with the path already.
                    ComposefsContext.Error(parse).WriteLine($"bootcplug: {error.Message}");
                    exit = ExitCodes.Failure;
                    continue;
                }
                listing.Append(digest.ToString()).Append(' ').Append(path).Append('\n');
            }
            BulkConsoleWrite.Write(ComposefsContext.Out(parse), listing.ToString());
            return exit;
        });
        return command;
    }

    private static FsVerityAlgorithm Choose(string? requested, string repositoryPath)
    {
        if (FsVerityAlgorithms.TryParse(requested, out var explicitAlgorithm)) return explicitAlgorithm;
        string meta = Path.Combine(repositoryPath, RepositoryMetadata.FileName);
        return File.Exists(meta)
            ? RepositoryMetadata.Parse(File.ReadAllBytes(meta), meta).Algorithm
            : FsVerityAlgorithm.Sha512;
    }
}
