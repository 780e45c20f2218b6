using System;
using System.Globalization;
using System.Threading;
using BootcPlug.Generators.Emitting;
using BootcPlug.Generators.Model;
using BootcPlug.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BootcPlug.Generators
{
    /// <summary>
    /// Turns every `*.schema.json` AdditionalFile (and every one a BootcPlugSchema item marked) into records, enums,
    /// unions and digest value types with reflection-free System.Text.Json serialization. Pipeline only: parsing is
    /// in <see cref="SchemaParser"/>, emission in <see cref="SchemaEmitter"/>.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class SchemaModelGenerator : IIncrementalGenerator
    {
        public const string SourceStep = "SchemaSource";
        public const string ModelStep = "SchemaModel";
        private const string NamespaceMetadata = "build_metadata.AdditionalFiles.SchemaNamespace";
        private const string SchemaMarkerMetadata = "build_metadata.AdditionalFiles.BootcPlugSchema";
        private const string ValidatorMetadata = "build_metadata.AdditionalFiles.SchemaValidator";

        /// <summary>Lets tests see the models the generator built, as System.Text.Json's generator does.</summary>
        internal Action<SchemaFileModel>? OnModelBuilt { get; init; }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            context.RegisterPostInitializationOutput(static post =>
            {
                post.AddSource(SupportSource.HintName, SupportSource.Text);
                post.AddSource(EqualitySupportSource.HintName, EqualitySupportSource.Text);
                post.AddSource(ValidationSupportSource.HintName, ValidationSupportSource.Text);
            });

            IncrementalValuesProvider<SchemaSource> sources = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Where(static pair => IsSchema(pair.Left, pair.Right.GetOptions(pair.Left)))
                .Select(static (pair, cancellation) =>
                {
                    var (file, options) = pair;
                    string text = file.GetText(cancellation)?.ToString() ?? "";
                    var fileOptions = options.GetOptions(file);
                    fileOptions.TryGetValue(NamespaceMetadata, out string? ns);
                    fileOptions.TryGetValue(ValidatorMetadata, out string? validator);
                    return new SchemaSource(file.Path, text, ns ?? "", validator ?? "");
                })
                .WithTrackingName(SourceStep);

            IncrementalValuesProvider<SchemaParseResult> parsed = sources
                .Select(static (source, cancellation) => ParseInvariant(source, cancellation))
                .WithTrackingName(ModelStep);

            IncrementalValuesProvider<SchemaFileModel> models = parsed
                .Select(static (result, _) => result.Model)
                .Where(static model => model is not null)
                .Select(static (model, _) => model!);

            context.RegisterSourceOutput(models, EmitSource);
            context.RegisterSourceOutput(
                parsed.Select(static (result, _) => result.Diagnostics),
                static (production, diagnostics) =>
                {
                    foreach (var diagnostic in diagnostics) production.ReportDiagnostic(diagnostic.ToDiagnostic());
                });
        }

        /// <summary>
        /// A schema is an AdditionalFile named *.schema.json, or any AdditionalFile that a BootcPlugSchema item
        /// marked (the package's .targets does).
        /// </summary>
        private static bool IsSchema(AdditionalText file, AnalyzerConfigOptions options) =>
            file.Path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)
            || options.TryGetValue(SchemaMarkerMetadata, out string? marker)
                && string.Equals(marker, "true", StringComparison.OrdinalIgnoreCase);

        private static SchemaParseResult ParseInvariant(SchemaSource source, CancellationToken cancellation)
        {
#pragma warning disable RS1035 // Parsing must not depend on the compiler host's culture.
            CultureInfo saved = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                return SchemaParser.Parse(source, cancellation);
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
#pragma warning restore RS1035
        }

        private void EmitSource(SourceProductionContext production, SchemaFileModel model)
        {
            OnModelBuilt?.Invoke(model);
            foreach (var (hintName, source) in SchemaEmitter.Emit(model))
            {
                production.CancellationToken.ThrowIfCancellationRequested();
                production.AddSource(hintName, source.ToSourceText());
            }
        }
    }
}
