using BootcPlug.Models;
using BootcPlug.Models.Reports;
using BootcPlug.Plugins;

namespace BootcPlug.Cli.Schemas;

/// <summary>
/// The generated validators of the shipped schemas, by schema name. bootloader-contract has none (it only declares
/// value types, and its assembly's public API is pinned), so JsonSchema.Net checks documents against it.
/// </summary>
public static class ShippedValidators
{
    public static ISchemaValidator? For(string name) =>
        (name.EndsWith(".schema.json", StringComparison.Ordinal) ? name[..^".schema.json".Length] : name) switch
        {
            "host-v1" => new GeneratedValidator(HostV1Validator.Validate),
            "gc-report" => new GeneratedValidator(GcReportValidator.Validate),
            "fsck-report" => new GeneratedValidator(FsckReportValidator.Validate),
            "explain-report" => new GeneratedValidator(ExplainReportValidator.Validate),
            "space-report" => new GeneratedValidator(SpaceReportValidator.Validate),
            "prune-report" => new GeneratedValidator(PruneReportValidator.Validate),
            "plugin-manifest" => new GeneratedValidator(PluginManifestValidator.Validate),
            _ => null,
        };
}
