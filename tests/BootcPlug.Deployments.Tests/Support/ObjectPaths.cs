using BootcPlug.Composefs.FsVerity;
using BootcPlug.Demo;

namespace BootcPlug.Deployments.Tests.Support;

public static class ObjectPaths
{
    /// <summary>Where the repository keeps the object of one file of a demo release's tree.</summary>
    public static string ObjectPathOf(this TestHost host, string relative, DemoRelease release)
    {
        string tree = Path.Combine(Directory.CreateTempSubdirectory("bootcplug-tree-").FullName, "t");
        try
        {
            release.Write(tree, host.Config.Uki);
            var id = FsVerityDigester.ComputeFile(FsVerityAlgorithm.Sha512, Path.Combine(tree, relative));
            return Path.Combine(host.Paths.Repository, "objects", id.ToObjectPathName());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(tree)!, recursive: true);
        }
    }
}
