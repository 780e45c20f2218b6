using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BootcPlug.Generators.Diagnostics
{
    /// <summary>A diagnostic as plain data: the descriptor id, its arguments and a place in the schema file.</summary>
    internal sealed record DiagnosticInfo(string Id, string FilePath, int Line, int Column, string Argument0,
        string Argument1)
    {
        public Diagnostic ToDiagnostic()
        {
            var position = new LinePosition(Line, Column);
            var location = Location.Create(FilePath, default(TextSpan), new LinePositionSpan(position, position));
            return Diagnostic.Create(DiagnosticDescriptors.ById(Id), location, Argument0, Argument1);
        }
    }
}
