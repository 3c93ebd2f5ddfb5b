namespace Quantize.Data.NumPy;

/// <summary>A .npy or .npz file we cannot read; the one-line message names the file, the array and the problem.</summary>
public sealed class NpyFormatException(string message, Exception? inner = null) : Exception(message, inner);
