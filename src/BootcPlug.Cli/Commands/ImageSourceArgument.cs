using BootcPlug.Composefs.Oci;
using BootcPlug.Deployments;

namespace BootcPlug.Cli.Commands;

/// <summary>
/// Reads an image source given on the command line (oci:DIR[:TAG|@DIGEST] or oci-archive:FILE[:TAG]): a malformed
/// one, or one whose directory or file does not exist, is a wrong request (exit 2), said in one line.
/// </summary>
internal static class ImageSourceArgument
{
    public static OciImageReference Parse(string text, string what)
    {
        OciImageReference reference;
        try
        {
            reference = OciImageReference.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{what}: {e.Message}");
        }
        string path = Path.GetFullPath(reference.Path);
        if (reference.Transport == OciTransport.Layout && !Directory.Exists(path))
            throw new UsageException($"{what}: {path}: no such directory (an OCI image layout)");
        if (reference.Transport == OciTransport.Archive && !File.Exists(path))
            throw new UsageException($"{what}: {path}: no such file (an OCI archive)");
        return reference;
    }
}
