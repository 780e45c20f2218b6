using System;
using Microsoft.CodeAnalysis;

namespace BootcPlug.Generators.Diagnostics
{
    internal static class DiagnosticDescriptors
    {
        private const string Category = "BootcPlug.SchemaModels";

        public static readonly DiagnosticDescriptor InvalidJson = new DiagnosticDescriptor(
            "BCPG001", "Schema is not valid JSON", "Schema file '{0}' is not valid JSON: {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnknownReference = new DiagnosticDescriptor(
            "BCPG002", "Unknown $ref", "Schema '{0}': unknown $ref at {1}; the value is typed as JsonElement",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedKeyword = new DiagnosticDescriptor(
            "BCPG003", "Unsupported schema keyword",
                "Schema '{0}': unsupported keyword at {1}; it is not enforced by the generated code",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedShape = new DiagnosticDescriptor(
            "BCPG004", "Unsupported schema shape",
                "Schema '{0}': unsupported shape at {1}; the value is typed as JsonElement",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidDefault = new DiagnosticDescriptor(
            "BCPG005", "Unsupported default", "Schema '{0}': the default at {1} cannot be expressed; it is ignored",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor NameCollision = new DiagnosticDescriptor(
            "BCPG006", "Name collision", "Schema '{0}': {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UncheckedKeyword = new DiagnosticDescriptor(
            "BCPG007", "Keyword not checked by the validator",
                "Schema '{0}': the generated validator does not check {1}; documents are not held to it",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static DiagnosticDescriptor ById(string id) => id switch
        {
            "BCPG001" => InvalidJson,
            "BCPG002" => UnknownReference,
            "BCPG003" => UnsupportedKeyword,
            "BCPG004" => UnsupportedShape,
            "BCPG005" => InvalidDefault,
            "BCPG006" => NameCollision,
            "BCPG007" => UncheckedKeyword,
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown diagnostic id"),
        };
    }
}
