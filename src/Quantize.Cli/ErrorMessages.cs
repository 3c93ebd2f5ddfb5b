using Quantize.Format.Container;
using Quantize.Format.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Torch;
using Quantize.Torch.Checkpoints;
using Quantize.Torch.Onnx;

namespace Quantize.Cli;

/// <summary>Maps an exception to the exit code and the one line the user sees.</summary>
static class ErrorMessages
{
    public static (ExitCode Code, string Message) Describe(Exception e) => e switch
    {
        UserInputException or IncompatibleModelException => (ExitCode.UsageError, e.Message),
        FileNotFoundException or DirectoryNotFoundException => (ExitCode.InputError, e.Message),
        OnnxFormatException or NqzFormatException or IdxFormatException or OnnxExecutionException or SafeTensorsFormatException or CheckpointFormatException => (ExitCode.InputError, e.Message),
        UnauthorizedAccessException => (ExitCode.InputError, $"permission denied: {e.Message}"),
        IOException => (ExitCode.InputError, e.Message),
        TorchUnavailableException => (ExitCode.TorchUnavailable, e.Message),
        _ => (ExitCode.InternalError, $"internal error: {OneLine(e.Message)} ({e.GetType().Name}; set QUANTIZE_DEBUG=1 for details)"),
    };

    static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
