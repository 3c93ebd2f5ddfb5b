using Quantize.Core.Fidelity;

namespace Quantize.Cli.Reports;

/// <summary>
/// The fidelity measures as reports print them (see <see cref="FidelityMeasures"/>): agreement as a fraction 0..1
/// (null where no output is class scores), cosines, relative L2 error and SQNR in dB. Identical outputs have
/// <c>sqnr_db</c> +∞, which JSON shows as the string <c>"Infinity"</c> (<see cref="JsonOutput"/> writes and reads
/// named floating-point literals); a non-finite model output makes the cosines <c>"NaN"</c>.
/// </summary>
public sealed record FidelityFigures(double? Agreement, double CosineMean, double CosineMin, double RelativeL2, double SqnrDb)
{
    public static FidelityFigures From(FidelityMeasures measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        return new FidelityFigures(measures.Agreement, measures.CosineMean, measures.CosineMin, measures.RelativeL2, measures.SqnrDb);
    }
}
