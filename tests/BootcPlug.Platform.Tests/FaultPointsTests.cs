using BootcPlug.Testing;

namespace BootcPlug.Platform.Tests;

public class FaultPointsTests
{
    [Fact]
    public void A_prefix_names_whose_step_it_is()
    {
        var steps = new List<string>();
        var faults = ScriptedFaults.Recording(steps);
        faults.WithPrefix("io:").Reached("rename:/x");
        faults.WithPrefix("repo:").WithPrefix("gc-").Reached("remove-object");
        Assert.Equal(["io:rename:/x", "repo:gc-remove-object"], steps);
        Assert.Same(FaultPoints.None, FaultPoints.None.WithPrefix("io:"));
    }

    [Fact]
    public void The_process_fault_points_log_every_point_in_order()
    {
        using var dir = new TempDir();
        var log = dir["points"];
        var faults = new ProcessFaultPoints(killAt: "never-reached", logPath: log);
        faults.Reached("gc.artifact-removed");
        faults.WithPrefix("io:").Reached("rename:/boot/x");
        Assert.Equal("gc.artifact-removed\nio:rename:/boot/x\n", File.ReadAllText(log));
    }

    [Fact]
    public void Platform_services_report_durable_steps_as_io_and_give_plugins_the_same_instances()
    {
        using var dir = new TempDir();
        var steps = new List<string>();
        var platform = new PlatformServices(ScriptedFaults.Recording(steps), refuseExchange: true);
        platform.Files.WriteText(dir["f"], "x");
        Assert.All(steps, s => Assert.StartsWith("io:", s));
        Assert.Contains("io:rename:" + dir["f"], steps);
        Assert.Same(platform.Files, platform.GetService(typeof(DurableFiles)));
        Assert.Same(platform.Faults, platform.GetService(typeof(IFaultPoints)));
        Assert.Null(platform.GetService(typeof(string)));
        dir.Write("a/x", "");
        dir.Write("b/y", "");
        Assert.False(platform.Files.TryExchange(dir["a"], dir["b"]));
    }

    [Fact]
    public void Without_the_sweep_variables_the_process_gets_the_default_services()
    {
        Assert.Same(PlatformServices.Default, PlatformServices.FromEnvironment());
        Assert.Same(FaultPoints.None, ProcessFaultPoints.FromEnvironment());
    }
}
