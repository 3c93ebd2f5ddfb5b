using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Data.Images;
using Quantize.Data.NumPy;
using Quantize.Data.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Torch.Checkpoints;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using Quantize.Torch;

namespace Quantize.Cli;

/// <summary>
/// The one mapping from an exception to the exit code and the one line the user sees. Core, Format and Torch throw
/// typed exceptions (a quantization that cannot be done as asked, a device this build lacks, a pruning request the
/// model cannot meet, a malformed file); nothing in between catches them only to rethrow.
/// </summary>
static class ErrorMessages
{
    public static (ExitCode Code, string Message) Describe(Exception e) => e switch
    {
        UserInputException or IncompatibleModelException or QuantizationException or TorchDeviceException or PruningSpecException
            or ModelDataException or ImagePreprocessingException => (ExitCode.UsageError, e.Message),
        NpyFormatException or ImageDataException => (ExitCode.InputError, e.Message),
        FileNotFoundException or DirectoryNotFoundException => (ExitCode.InputError, e.Message),
        OnnxFormatException or NqzFormatException or IdxFormatException or OnnxExecutionException or SafeTensorsFormatException or CheckpointFormatException => (ExitCode.InputError, e.Message),
        UnauthorizedAccessException => (ExitCode.InputError, $"permission denied: {e.Message}"),
        IOException => (ExitCode.InputError, e.Message),
        TorchUnavailableException => (ExitCode.TorchUnavailable, e.Message),
        _ => (ExitCode.InternalError, $"internal error: {OneLine(e.Message)} ({e.GetType().Name}; set QUANTIZE_DEBUG=1 for details)"),
    };

    static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
