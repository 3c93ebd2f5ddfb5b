namespace Quantize.Torch;

/// <summary>A device was asked for that this build or machine cannot provide (e.g. CUDA with the CPU build of libtorch).</summary>
public sealed class TorchDeviceException(string message) : Exception(message);
