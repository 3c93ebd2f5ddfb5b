using System.CommandLine;
using Quantize.Cli.Options;
using Quantize.Format.Container;
using Quantize.Format.IO;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize decompress</c>: restores the ONNX model with exactly the quantized values.</summary>
public sealed class DecompressCommand(TextWriter stdout)
{
    readonly Argument<string> input = new("container") { Description = ".nqz container to restore", HelpName = "IN.nqz" };
    readonly Option<string> output = CommonOptions.Output("Where to write the restored model (ONNX)");

    public Command Create()
    {
        var command = new Command("decompress", "Restore an ONNX model from a .nqz container: same graph, every quantized weight set to its shared value.\n" +
                                                "Example: quantize decompress lenet5.nqz -o lenet5-quantized.onnx");
        command.AddRange(input, output);
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output)!));
        return command;
    }

    public int Run(string containerPath, string outputPath)
    {
        AtomicFile.EnsureNotInput(outputPath, containerPath);
        ModelProto model = NqzDecoder.DecodeModel(NqzFile.Read(containerPath), containerPath);
        OnnxModelFile.Save(model, outputPath);
        stdout.WriteLine($"wrote {outputPath}");
        return (int)ExitCode.Success;
    }
}
