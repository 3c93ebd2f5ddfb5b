using System.CommandLine;
using Quantize.Cli.Options;
using Quantize.Format.Container;
using Quantize.Format.IO;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize decompress</c>: restores the ONNX model with exactly the quantized values.</summary>
public sealed class DecompressCommand(TextWriter stdout)
{
    readonly Argument<string> input = new("container") { Description = ".nqz container to restore", HelpName = "IN.nqz" };
    readonly Option<string> output = CommonOptions.Output("Where to write the restored model (ONNX)");
    readonly Option<bool> externalData = new("--external-data")
    {
        Description = "Write the weights to FILE.data beside the model (ONNX external data, offsets aligned to 64 KiB for tensors of 1 MiB or more) " +
                      "even when the model fits one file. Models past protobuf's 2 GiB limit are always written this way, one tensor at a time",
    };

    public Command Create()
    {
        var command = new Command("decompress", "Restore an ONNX model from a .nqz container: same graph, every quantized weight set to its shared value.\n" +
                                                "Example: quantize decompress lenet5.nqz -o lenet5-quantized.onnx");
        command.AddRange(input, output, externalData);
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output)!, result.GetValue(externalData)));
        return command;
    }

    public int Run(string containerPath, string outputPath, bool forceExternalData = false)
    {
        AtomicFile.EnsureNotInput(outputPath, containerPath);
        AtomicFile.EnsureNotInput(ExternalDataWriter.DataFilePath(outputPath), containerPath);
        string? dataPath = RestoredModelFile.Write(NqzFile.Read(containerPath), containerPath, outputPath, forceExternalData);
        stdout.WriteLine(dataPath == null ? $"wrote {outputPath}" : $"wrote {outputPath} with its weights in {Path.GetFileName(dataPath)} beside it");
        return (int)ExitCode.Success;
    }
}
