using Quantize.Core.Fidelity;

namespace Quantize.Cli.Reports;

/// <summary>One measured model output: its name and the measures of <see cref="FidelityFigures"/>, flat.</summary>
public sealed record OutputFidelityReport(string Name, double? Agreement, double CosineMean, double CosineMin, double RelativeL2, double SqnrDb)
{
    public static OutputFidelityReport From(OutputFidelity output)
    {
        ArgumentNullException.ThrowIfNull(output);
        FidelityMeasures m = output.Measures;
        return new OutputFidelityReport(output.Name, m.Agreement, m.CosineMean, m.CosineMin, m.RelativeL2, m.SqnrDb);
    }
}
