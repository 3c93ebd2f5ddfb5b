namespace Quantize.Core.Fidelity;

/// <summary>Fidelity per measured output, in graph order, and overall: the worst output on each measure (<see cref="FidelityMeasures.Worst"/>).</summary>
public sealed record FidelityResult(FidelityMeasures Overall, IReadOnlyList<OutputFidelity> Outputs)
{
    public static FidelityResult Of(IReadOnlyList<OutputFidelity> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return new FidelityResult(FidelityMeasures.Worst(outputs.Select(o => o.Measures).ToList()), outputs);
    }
}
