namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// Which boot loader counts boot attempts (systemd's <c>+LEFT-DONE</c> entry names): systemd-boot only. grub and
/// grub-cc read the same BLS files but neither counts, so deploy --boot-tries writes no counter for them and says so.
/// </summary>
public static class BootCounting
{
    public const string Bootloader = "systemd";
}
