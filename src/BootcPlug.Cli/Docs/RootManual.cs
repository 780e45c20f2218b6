using System.CommandLine;

namespace BootcPlug.Cli.Docs;

/// <summary>What bootcplug.1 says beyond the options: the environment variables every verb reads.</summary>
public static class RootManual
{
    public static void Describe(RootCommand root)
    {
        root.ReadsEnvironment("BOOTCPLUG_DIGEST_BACKEND",
            "Set to dotnet to compute digests with .NET instead of OpenSSL (for diagnosis).");
        root.ReadsEnvironment("BOOTCPLUG_FAULT_AT",
            "For crash tests only: a fault point name (e.g. gc.state-dir-renamed) or #N; the process kills itself "
            + "with SIGKILL when it reaches that point or its N-th changing step.");
        root.ReadsEnvironment("BOOTCPLUG_FAULT_LOG",
            "For crash tests only: a file that every fault point reached is appended to.");
        root.ReadsEnvironment("BOOTCPLUG_FORCE_EXCHANGE_FALLBACK",
            "For crash tests only: set to 1 to swap directories as on a file system without RENAME_EXCHANGE.");
    }
}
