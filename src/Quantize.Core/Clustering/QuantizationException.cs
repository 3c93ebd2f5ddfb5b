namespace Quantize.Core.Clustering;

/// <summary>
/// A quantization that cannot be done as asked: conflicting or out-of-range options, a size beyond what a solver can
/// hold, or values a quantizer cannot take. The message is meant for the person who chose the options; the command
/// line maps this type to its usage-error exit code. It is an <see cref="ArgumentException"/>, as callers passed the cause.
/// </summary>
public sealed class QuantizationException(string message, string? paramName = null) : ArgumentException(message, paramName);
