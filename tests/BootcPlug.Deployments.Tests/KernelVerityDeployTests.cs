using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Demo;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Platform;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// Deploy where the repository's filesystem has no fs-verity (this machine's kernel has none): the BLS entry says
/// composefs=? and status reports missing verity allowed; where the filesystem has it, objects carry it and the
/// entry enforces it.
/// </summary>
public sealed class KernelVerityDeployTests
{
    [Theory]
    [InlineData("grub")]
    [InlineData("systemd")]
    public void Entry_allows_missing_verity_exactly_when_the_repository_could_not_enable_it(string bootloader)
    {
        using var host = new TestHost(new HostConfig(bootloader, Uki: false));
        string tree = host.Tree(new DemoRelease(1, "k-one"));
        string id = new Deployer(host.Paths, host.Bootloaders, NullLogger.Instance)
            .Deploy(new DeployRequest(tree, false, [], null)).Id.Value;

        using var repository = ComposefsRepository.OpenForReading(host.Paths.Repository);
        bool kernelVerity = repository.KernelVerity;
        string image = repository.FindImage(id)!;
        using (var file = File.OpenHandle(image, FileMode.Open, FileAccess.Read))
        {
            byte[]? measured = KernelFsVerity.Measure(file, (byte)repository.Algorithm, 64, image);
            Assert.Equal(kernelVerity, measured is not null);
        }

        var entry = host.Inventory().Entries.Live.Single(e => e.Deployment.Value == id);
        Assert.Contains(kernelVerity ? $"composefs={id}" : $"composefs=?{id}", entry.Options);
        Assert.Equal(!kernelVerity, entry.MissingVerityAllowed);

        // fsck digests the objects by reading them where the kernel keeps no digest.
        Assert.Equal(FsVerityDigester.ComputeFile(repository.Algorithm, image),
            FsVerityDigester.MeasureOrComputeFile(repository.Algorithm, image));
    }
}
