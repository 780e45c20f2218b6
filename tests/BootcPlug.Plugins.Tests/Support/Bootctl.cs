using BootcPlug.Testing;

namespace BootcPlug.Plugins.Tests.Support;

public static class Bootctl
{
    /// <summary>
    /// <c>bootctl --json=short list</c> on a plain directory standing in for the ESP: a bind mount of it onto itself in
    /// a private mount namespace, with SYSTEMD_RELAX_ESP_CHECKS=1.
    /// </summary>
    public static Oracle.Result List(string esp)
    {
        Oracle.RequireTools("bootctl", "unshare");
        Oracle.RequireRoot();
        return Oracle.Run("unshare", "-m", "sh", "-c",
            "mount --bind \"$0\" \"$0\" && SYSTEMD_RELAX_ESP_CHECKS=1 exec bootctl --no-pager --esp-path=\"$0\" " +
                "--boot-path=\"$0\" --json=short list",
            Path.GetFullPath(esp));
    }
}
