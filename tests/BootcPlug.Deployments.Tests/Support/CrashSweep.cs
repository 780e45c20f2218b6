using BootcPlug.Bootloaders;
using BootcPlug.Demo;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Workflows;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Tests.Support;

/// <summary>A host laid out as the demo does (v1 rollback, v2 booted, v3 staged) and a v4 tree to deploy; shared by the
/// verbs of one configuration.</summary>
public sealed class SweepTemplate : IDisposable
{
    public static readonly DemoRelease V4 = new(4, "6.3.0-demo");

    public SweepTemplate(HostConfig config)
    {
        Host = new TestHost(config);
        V1 = Host.Deploy(new DemoRelease(1, "6.1.0-demo"));
        Host.BootInto(V1);
        V2 = Host.Deploy(new DemoRelease(2, "6.1.0-demo"));
        Host.BootInto(V2);
        V3 = Host.Deploy(new DemoRelease(3, "6.2.0-demo"), stage: true);
        V4Tree = Host.Tree(V4);
    }

    public TestHost Host { get; }
    public string V1 { get; }
    public string V2 { get; }
    public string V3 { get; }

    /// <summary>Inside the template's root: every copy deploys this same tree (so the same image).</summary>
    public string V4Tree { get; }

    public void Dispose() => Host.Dispose();
}

/// <summary>One verb of the sweep: how to prepare its start and its command line.</summary>
/// <param name="Name">The verb as the tests name it.</param>
/// <param name="Arguments">The command line on a copy of the template.</param>
/// <param name="Prepare">Changes the copy first (e.g. unlinks a deployment so gc has work), or null.</param>
/// <param name="Toggles">Running it again undoes it (rollback): after a kill it is run again only when the next boot is
/// not yet the expected one.</param>
public sealed record SweptVerb(string Name, Func<SweepTemplate, string[]> Arguments,
    Action<SweepTemplate, TestHost>? Prepare = null, bool Toggles = false)
{
    public static readonly IReadOnlyList<SweptVerb> All =
    [
        new("deploy", t => ["deploy", "--rootfs", t.V4Tree, "--image-ref", SweepTemplate.V4.ImageRef]),
        new("deploy-stage", t => ["deploy", "--stage", "--rootfs", t.V4Tree, "--image-ref", SweepTemplate.V4.ImageRef]),
        new("finalize-staged", _ => ["finalize-staged"]),
        new("rollback", _ => ["rollback"], Toggles: true),
        new("delete-rollback", t => ["delete-deployment", t.V1]),
        new("delete-staged", t => ["delete-deployment", t.V3]),
        // Killed after the first id is unlinked, the same command again must finish the second (not stop at the first).
        new("delete-both", t => ["delete-deployment", t.V1, t.V3]),
        new("gc", _ => ["gc"], Prepare: (t, host) =>
        {
            // Unlink v1 without collecting, so that gc has an artifact, a state dir, an image and objects to remove.
            host.Delete(dryRun: false, collectGarbage: false, t.V1);
        }),
        // The retention verbs (issue 13): prune drops the rollback (v1) and collects it; pin writes one marker; deploy
        // --keep 3 carries the rollback into the new menu and collects what the replaced staged update leaves.
        new("prune", _ => ["prune", "--keep", "1"]),
        new("pin", t => ["pin", t.V1]),
        new("deploy-keep",
            t => ["deploy", "--keep", "3", "--rootfs", t.V4Tree, "--image-ref", SweepTemplate.V4.ImageRef]),
    ];

    public static SweptVerb Named(string name) => All.Single(v => v.Name == name);
}

/// <summary>Which fault points a run tries: all of them, or a budget chosen by a seed that rotates every day.</summary>
public sealed record SweepSampling(bool Full, int Budget, int Seed)
{
    public const string ModeVariable = "BOOTCPLUG_SWEEP";
    public const string SeedVariable = "BOOTCPLUG_SWEEP_SEED";
    public const string BudgetVariable = "BOOTCPLUG_SWEEP_BUDGET";

    /// <summary>BOOTCPLUG_SWEEP=full tries every point with and without RENAME_EXCHANGE; otherwise
    /// BOOTCPLUG_SWEEP_BUDGET (1) per case.</summary>
    public static SweepSampling FromEnvironment()
    {
        bool full = Environment.GetEnvironmentVariable(ModeVariable) == "full";
        int budget = int.TryParse(Environment.GetEnvironmentVariable(BudgetVariable), out var b) && b > 0 ? b : 1;
        int seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var s)
            ? s
            : (int)(DateTime.UtcNow - DateTime.UnixEpoch).TotalDays;
        return new SweepSampling(full, budget, seed);
    }

    /// <summary>
    /// The points to try, as (index from 1, with the RENAME_EXCHANGE fallback). Sampled: evenly spread, starting at an
    /// offset that moves with the seed, so consecutive seeds cover every point; the fallback alternates likewise
    /// (its run passes every point of the exchange run and a few more, so an index of the one is valid in the other).
    /// </summary>
    public IEnumerable<(int Index, bool Fallback)> Choose(int exchangePoints, Func<int> fallbackPoints, int caseNumber)
    {
        if (Full)
        {
            for (int n = 1; n <= exchangePoints; n++) yield return (n, false);
            int fallback = fallbackPoints();
            for (int n = 1; n <= fallback; n++) yield return (n, true);
            yield break;
        }
        int count = Math.Min(Budget, exchangePoints);
        int stride = Math.Max(1, exchangePoints / count);
        for (int i = 0; i < count; i++)
            yield return (1 + (Seed + caseNumber * 7 + i * stride) % exchangePoints, (Seed + caseNumber + i) % 2 == 1);
    }
}

/// <summary>
/// The crash sweep of one verb on one configuration, through the real CLI: the verb killed with SIGKILL at fault
/// point n; then readers (status, gc and delete dry runs) must change nothing and the booted deployment must be whole;
/// then the same verb again and `gc` must give exactly the tree of an uninterrupted run (verb, gc), with no leftovers.
/// </summary>
public static class CrashSweep
{
    public const string FallbackVariable = ProcessFaultPoints.ExchangeFallbackVariable;

    public sealed record Result(int Points, int Tried, int Converged, List<string> Failures);

    public static Result Run(SweepTemplate template, SweptVerb verb, SweepSampling sampling, int caseNumber)
    {
        string[] args = verb.Arguments(template);
        var exchange = Uninterrupted(template, verb, args, fallback: false);
        (List<string> Points, IReadOnlyDictionary<string, string> Tree, string? NextBoot)? fallback = null;
        int FallbackPoints()
        {
            fallback = Uninterrupted(template, verb, args, fallback: true);
            Convergence.AssertSameTree(exchange.Tree, fallback.Value.Tree,
                $"{template.Host.Config} {verb.Name}: the RENAME_EXCHANGE fallback");
            return fallback.Value.Points.Count;
        }

        var failures = new List<string>();
        int tried = 0;
        foreach (var (n, useFallback) in sampling.Choose(exchange.Points.Count, FallbackPoints, caseNumber))
        {
            string context = $"{template.Host.Config} {verb.Name} killed at " +
                $"#{n}{(useFallback ? " without RENAME_EXCHANGE" : "")}";
            tried++;
            try
            {
                KillAndConverge(template, verb, args, n, useFallback, exchange.Tree, exchange.NextBoot, context);
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException or InvalidOperationException or IOException)
            {
                failures.Add(ex.Message);
            }
        }
        return new Result(exchange.Points.Count + (fallback?.Points.Count ?? 0), tried, tried - failures.Count,
            failures);
    }

    private static Dictionary<string, string> Environment(bool fallback, params (string Name, string Value)[] more)
    {
        var environment = more.ToDictionary(m => m.Name, m => m.Value);
        if (fallback) environment[FallbackVariable] = "1";
        return environment;
    }

    private static TestHost Start(SweepTemplate template, SweptVerb verb)
    {
        var host = template.Host.Copy();
        verb.Prepare?.Invoke(template, host);
        return host;
    }

    /// <summary>The verb then gc, uninterrupted: the points it passes, the tree it leaves, its next boot.</summary>
    private static (List<string> Points, IReadOnlyDictionary<string, string> Tree, string? NextBoot) Uninterrupted(
        SweepTemplate template, SweptVerb verb, string[] args, bool fallback)
    {
        using var host = Start(template, verb);
        string log = Path.Combine(host.Root, "trees", "fault-points.log");
        var run = host.CliWithEnvironment(Environment(fallback, (ProcessFaultPoints.LogVariable, log)), args);
        Assert.True(run.ExitCode == 0, $"{host.Config} {verb.Name} uninterrupted: exit {run.ExitCode}: {run.Stderr}");
        var points = File.ReadAllLines(log).ToList();
        Assert.NotEmpty(points);
        Gc(host, fallback);
        host.AssertNoLeftovers($"{host.Config} {verb.Name} uninterrupted");
        host.AssertBootable(template.V2, $"{host.Config} {verb.Name} uninterrupted");
        return (points, host.Tree(), host.Live.FirstOrDefault()?.Deployment.Value);
    }

    private static void KillAndConverge(SweepTemplate template, SweptVerb verb, string[] args, int n, bool fallback,
        IReadOnlyDictionary<string, string> expected, string? expectedNextBoot, string context)
    {
        using var host = Start(template, verb);
        var killed = host.CliWithEnvironment(Environment(fallback, (ProcessFaultPoints.EnvironmentVariable, "#" + n)),
            args);
        Assert.True(killed.ExitCode == 137 && killed.Stderr.Contains("fault injected at", StringComparison.Ordinal),
            $"{context}: expected a SIGKILL, got exit {killed.ExitCode}: {killed.Stderr}");
        context += " (" + Normalize(killed.Stderr.Trim()) + ")";
        host.AssertBootable(template.V2, context + ", after the kill");

        // Readers (status, the gc and delete dry runs: in process, the same code the CLI runs) change nothing.
        var before = DiskSnapshot.Take(host.Root, "trees");
        new ReadStatus(host.Context).Run();
        host.Gc(dryRun: true);
        // (delete refuses a pinned deployment, dry run or not: after a killed pin it may already be pinned)
        var v1 = DeploymentId.Parse(template.V1);
        if (host.Inventory().Find(v1) is not null && !File.Exists(PinMarker.PathOf(host.Paths, v1)))
            host.Delete(dryRun: true, collectGarbage: false, template.V1);
        Convergence.AssertSameTree(before, DiskSnapshot.Take(host.Root, "trees"),
            $"{context}: a reader changed the disk");

        if (!verb.Toggles || host.Live.FirstOrDefault()?.Deployment.Value != expectedNextBoot)
        {
            var again = host.CliWithEnvironment(Environment(fallback), args);
            Assert.True(again.ExitCode is 0 or 1 && !again.Stderr.Contains("   at ", StringComparison.Ordinal),
                $"{context}: running it again: exit {again.ExitCode}: {again.Stderr}");
        }
        Gc(host, fallback);
        host.AssertNoLeftovers(context);
        host.AssertBootable(template.V2, context);
        Convergence.AssertSameTree(expected, host.Tree(), context);
    }

    /// <summary>`gc`, in process (what the CLI verb runs, without the process start), on the same kind of
    /// filesystem.</summary>
    private static void Gc(TestHost host, bool fallback) =>
        host.Gc(new PlatformServices(FaultPoints.None, refuseExchange: fallback));

    /// <summary>Step names hold paths with the copy's root and random temp suffixes.</summary>
    public static string Normalize(string point) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.RegularExpressions.Regex.Replace(point, "/tmp/bootcplug-(copy|host)-[A-Za-z0-9]+", "ROOT"),
            "-[0-9a-f]{8}(?=$|/|-)", "-X");
}
