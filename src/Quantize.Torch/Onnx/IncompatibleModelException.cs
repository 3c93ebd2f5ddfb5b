namespace Quantize.Torch.Onnx;

/// <summary>
/// A valid model that cannot be run on the data asked for (it takes other inputs, or gives no class scores):
/// the command, not the file, has to change (e.g. compress with --no-eval, or other --data).
/// </summary>
public sealed class IncompatibleModelException(string message) : Exception(message);
