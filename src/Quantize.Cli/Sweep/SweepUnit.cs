using Quantize.Core.Clustering;

namespace Quantize.Cli.Sweep;

/// <summary>
/// One quantization of a sweep: a method at a bit width. Every coding of the sweep is derived from the
/// same quantization, so a unit is also what shards split and what runs in parallel.
/// </summary>
public sealed record SweepUnit(QuantizationMethod Method, int Bits)
{
    public string MethodName => QuantizerNames.Of(Method);

    public string Label => $"{MethodName} {Bits} bit{(Bits == 1 ? "" : "s")}";
}
