using Quantize.Cli.Pipeline;

namespace Quantize.Cli.Sensitivity;

/// <summary>Everything <see cref="SensitivityPipeline"/> needs: compress's request (quantizer, scales, importance, data with the validation carve).</summary>
public sealed record SensitivityRequest(CompressRequest Compress, string OutputDirectory);
