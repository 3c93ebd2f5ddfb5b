namespace Quantize.Cli.Sweep;

/// <summary>The terms of eq. (1) for one setting, as <c>compress</c> reports them: the ratio is OriginalBits / TotalBits.</summary>
public sealed record SweepSizes(long OriginalBits, long WeightBits, long IndexBits, long TableBits, long TotalBits)
{
    /// <summary>The stored scales of <c>--scale</c>, part of <see cref="TotalBits"/>; 0 without scales (and in sweeps from before them).</summary>
    public long ScaleBits { get; init; }
}
