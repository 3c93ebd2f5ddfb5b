namespace Quantize.Torch.Onnx;

/// <summary>A graph we cannot execute (unsupported op, bad attribute); the message names the op and the node.</summary>
public sealed class OnnxExecutionException(string message, Exception? inner = null) : Exception(message, inner);
