namespace Quantize.Format.Onnx;

/// <summary>A file that is not a usable ONNX model; the message is meant for the user as it is.</summary>
public sealed class OnnxFormatException(string message, Exception? inner = null) : Exception(message, inner);
