namespace Quantize.Torch.Data;

/// <summary>
/// Data that do not fit the model (a missing input array, a wrong shape, type or channel count) or a data folder of
/// no form we read; the one-line message names the file or folder, the input and what does not fit.
/// </summary>
public sealed class ModelDataException(string message, Exception? inner = null) : Exception(message, inner);
