namespace Quantize.Data.Idx;

/// <summary>A dataset file that is not valid IDX; the message names the file and the problem.</summary>
public sealed class IdxFormatException(string message, Exception? inner = null) : Exception(message, inner);
