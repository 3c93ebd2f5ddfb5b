namespace Quantize.Cli.Sweep;

/// <summary>Top-1 test accuracy in percent: the original model, right after quantization, and after fine-tuning (null until that runs).</summary>
public sealed record SweepAccuracy(double? Original, double? Quantized, double? FineTuned);
