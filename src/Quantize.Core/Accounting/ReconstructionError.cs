namespace Quantize.Core.Accounting;

/// <summary>
/// How far reconstructed values are from the originals, scale-free: the relative L2 error ‖ŵ − w‖ / ‖w‖ and the
/// signal-to-quantization-noise ratio 10·log10(Σw² / Σ(ŵ − w)²) in dB. A tensor reproduced exactly has
/// SQNR +∞ and error 0; an all-zero original reproduced with any error has SQNR −∞ and error +∞.
/// </summary>
public readonly record struct ReconstructionError(double RelativeL2, double SqnrDb, double SignalEnergy, double NoiseEnergy)
{
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static ReconstructionError Of(ReadOnlySpan<float> original, ReadOnlySpan<float> reconstructed)
    {
        if (original.Length != reconstructed.Length)
            throw new ArgumentException($"{original.Length} original values but {reconstructed.Length} reconstructed", nameof(reconstructed));
        double signal = 0, noise = 0;
        for (int i = 0; i < original.Length; i++)
        {
            double w = original[i];
            double e = (double)reconstructed[i] - w;
            signal += w * w;
            noise += e * e;
        }
        return FromEnergies(signal, noise);
    }

    /// <summary>From Σw² and Σ(ŵ − w)², e.g. summed over several tensors.</summary>
    public static ReconstructionError FromEnergies(double signal, double noise)
    {
        double relative = noise == 0 ? 0 : signal == 0 ? double.PositiveInfinity : Math.Sqrt(noise / signal);
        double sqnr = noise == 0 ? double.PositiveInfinity : signal == 0 ? double.NegativeInfinity : 10 * Math.Log10(signal / noise);
        return new ReconstructionError(relative, sqnr, signal, noise);
    }
}
