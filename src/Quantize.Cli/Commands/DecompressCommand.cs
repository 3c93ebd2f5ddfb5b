using System.CommandLine;
using Quantize.Cli.Options;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.IO;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;

namespace Quantize.Cli.Commands;

/// <summary>
/// <c>quantize decompress</c>: restores the model with exactly the quantized values, as ONNX, or as the safetensors files
/// a container made from safetensors came from (<see cref="SafeTensorsRestore"/>).
/// </summary>
public sealed class DecompressCommand(TextWriter stdout)
{
    readonly Argument<string> input = new("container") { Description = ".nqz container to restore", HelpName = "IN.nqz" };
    readonly Option<string> output = CommonOptions.Output(
        "Where to write the restored model: FILE.onnx for ONNX; for a container made from safetensors, FILE.safetensors (one file) or " +
        "a folder, which gets the source's file names (the shards and their index json)");
    readonly Option<bool> externalData = new("--external-data")
    {
        Description = "ONNX: write the weights to FILE.data beside the model (ONNX external data, offsets aligned to 64 KiB for tensors of 1 MiB or more) " +
                      "even when the model fits one file. Models past protobuf's 2 GiB limit are always written this way, one tensor at a time",
    };

    public Command Create()
    {
        var command = new Command("decompress", "Restore a model from a .nqz container: same graph (or same safetensors files: names, dtypes, shapes, " +
                                                "order and metadata), every quantized weight set to its shared value rounded to its type.\n" +
                                                "Examples:\n" +
                                                "  quantize decompress lenet5.nqz -o lenet5-quantized.onnx\n" +
                                                "  quantize decompress big.nqz -o big.onnx --external-data\n" +
                                                "  quantize decompress model.nqz -o restored.safetensors\n" +
                                                "  quantize decompress sharded.nqz -o restored/");
        command.AddRange(input, output, externalData);
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(output)!, result.GetValue(externalData)));
        return command;
    }

    public int Run(string containerPath, string outputPath, bool forceExternalData = false)
    {
        AtomicFile.EnsureNotInput(outputPath, containerPath);
        NqzBody body = NqzFile.Read(containerPath);
        if (SafeTensorsRestore.Holds(body) && !IsOnnxPath(outputPath))
        {
            if (forceExternalData) throw new UserInputException("--external-data is for ONNX output; safetensors files hold their data already");
            WriteSafeTensors(body, containerPath, outputPath);
            return (int)ExitCode.Success;
        }
        AtomicFile.EnsureNotInput(ExternalDataWriter.DataFilePath(outputPath), containerPath);
        string? dataPath = RestoredModelFile.Write(body, containerPath, outputPath, forceExternalData);
        stdout.WriteLine(dataPath == null ? $"wrote {outputPath}" : $"wrote {outputPath} with its weights in {Path.GetFileName(dataPath)} beside it");
        return (int)ExitCode.Success;
    }

    void WriteSafeTensors(NqzBody body, string containerPath, string outputPath)
    {
        SafeTensorsRestore restore = SafeTensorsRestore.Open(body, containerPath);
        bool toFile = outputPath.EndsWith(SafeTensorsModel.Extension, StringComparison.OrdinalIgnoreCase) && !Directory.Exists(outputPath);
        if (toFile)
        {
            if (restore.IsSharded)
                throw new UserInputException($"{containerPath} holds a sharded safetensors model ({string.Join(", ", restore.FileNames)}); " +
                                             "give -o a folder to write them into");
            AtomicFile.Write(outputPath, stream => restore.Write(restore.FileNames[0], stream));
            stdout.WriteLine($"wrote {outputPath}");
            return;
        }
        if (File.Exists(outputPath)) throw new UserInputException($"{outputPath} is a file; give -o FILE.safetensors or a folder for the safetensors files");
        foreach (string name in restore.FileNames) AtomicFile.EnsureNotInput(Path.Combine(outputPath, name), containerPath);
        restore.WriteTo(outputPath);
        stdout.WriteLine($"wrote {string.Join(", ", restore.FileNames.Select(n => Path.Combine(outputPath, n)))}");
    }

    static bool IsOnnxPath(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
}
