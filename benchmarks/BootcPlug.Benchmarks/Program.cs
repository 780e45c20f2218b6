using BenchmarkDotNet.Running;
using BootcPlug.Benchmarks;

// `make-*` verbs write the data sets that run-cli-comparison.sh times; anything else goes to BenchmarkDotNet.
return args.FirstOrDefault() switch
{
    "make-gc-repo" => DataSets.MakeGcRepository(args[1], int.Parse(args[2]), args.Contains("--repo-only")),
    "make-image" => DataSets.MakeImage(args[1], int.Parse(args[2])),
    "make-files" => DataSets.MakeFiles(args[1], int.Parse(args[2])),
    "make-release-tree" => ReleaseTrees.Make(args[1], int.Parse(args[2]), int.Parse(args[3])),
    "make-image-tree" => ImageTrees.Make(args[1], int.Parse(args[2]), int.Parse(args[3])),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(DataSets).Assembly).Run(args);
    return 0;
}
