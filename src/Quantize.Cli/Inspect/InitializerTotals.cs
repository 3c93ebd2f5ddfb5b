namespace Quantize.Cli.Inspect;

/// <summary>Sums over all initializers; bytes are elements × element size, whatever the stored form.</summary>
public sealed record InitializerTotals(int Initializers, long Parameters, long FloatParameters, long Bytes);
