namespace Quantize.Fuzz;

/// <summary>
/// A failure the driver itself detects: an allocation over the target's budget, or two readers that disagree about
/// the same bytes. Never expected, so afl++ records the input as a crash.
/// </summary>
sealed class FuzzFailure(string message, Exception? inner = null) : Exception(message, inner);
