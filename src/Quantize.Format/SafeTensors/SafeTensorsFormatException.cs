namespace Quantize.Format.SafeTensors;

/// <summary>A file that is not valid safetensors; the message names the file and the problem.</summary>
public sealed class SafeTensorsFormatException(string message, Exception? inner = null) : Exception(message, inner);
