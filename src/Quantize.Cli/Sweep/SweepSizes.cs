namespace Quantize.Cli.Sweep;

/// <summary>The terms of eq. (1) for one setting, as <c>compress</c> reports them: the ratio is OriginalBits / TotalBits.</summary>
public sealed record SweepSizes(long OriginalBits, long WeightBits, long IndexBits, long TableBits, long TotalBits);
