using BootcPlug.Generators.Diagnostics;
using BootcPlug.Generators.Helpers;
using BootcPlug.Generators.Model;

namespace BootcPlug.Generators.Parsing
{
    /// <summary>
    /// One schema file as the pipeline sees it: its path, text, target namespace and the validator's accessibility
    /// (`public`, `internal` or `none`; empty means public).
    /// </summary>
    internal sealed record SchemaSource(string Path, string Text, string Namespace, string Validator = "");

    /// <summary>The model of one schema (null when it could not be read) and what went wrong on the way.</summary>
    internal sealed record SchemaParseResult(SchemaFileModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
