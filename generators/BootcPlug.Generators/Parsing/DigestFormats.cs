using System.Collections.Generic;

namespace BootcPlug.Generators.Parsing
{
    /// <summary>
    /// The string formats that become validated digest value types. A `$defs` entry of type string with one of these
    /// formats is emitted as a struct named after the definition.
    /// </summary>
    internal static class DigestFormats
    {
        internal sealed class Shape
        {
            public Shape(string prefix, bool prefixRequired, params int[] hexLengths)
            {
                Prefix = prefix;
                PrefixRequired = prefixRequired;
                HexLengths = hexLengths;
            }

            public string Prefix { get; }
            public bool PrefixRequired { get; }
            public int[] HexLengths { get; }
        }

        private static readonly Dictionary<string, Shape> Shapes = new Dictionary<string, Shape>
        {
            // An OCI content digest: "sha256:" + 64 hex.
            ["sha256-digest"] = new Shape("sha256:", prefixRequired: true, 64),
            // bootc's imageDigest: "sha256:" + 64 hex, or the bare 64 hex of legacy deployments (kept as written).
            ["image-digest"] = new Shape("sha256:", prefixRequired: false, 64),
            // A bare SHA-256 such as bootc's bootDigest.
            ["sha256-hex"] = new Shape("", prefixRequired: false, 64),
            // An fs-verity digest of a sha256 or a sha512 repository.
            ["fsverity-digest"] = new Shape("", prefixRequired: false, 64, 128),
        };

        public static bool TryGet(string format, out Shape shape) => Shapes.TryGetValue(format, out shape!);
    }
}
