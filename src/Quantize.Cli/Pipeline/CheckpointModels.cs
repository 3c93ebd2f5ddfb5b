using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.SafeTensors;
using Quantize.Torch.Checkpoints;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Lets every command that takes a MODEL take a checkpoint of a built-in architecture instead of ONNX:
/// a safetensors state dict (PyTorch names) or a TorchSharp Module.save file (.dat/.bin/.pt/.pth). The
/// architecture comes from the file's metadata or its keys (<see cref="ArchitectureInference"/>); the
/// weights are loaded strictly and exported to the same ONNX graph <c>quantize train</c> writes.
/// Any other safetensors model is a set of tensors without a graph (<see cref="WeightsOnlyReason"/>, docs/safetensors.md).
/// </summary>
public static class CheckpointModels
{
    public static bool IsCheckpoint(string path) => CheckpointFile.IsCheckpoint(path);

    public static ModelProto Load(string path) => CheckpointImporter.Import(path, ToolInfo.Version).Model;

    /// <summary>
    /// Null where <paramref name="path"/> is not safetensors, or may be a checkpoint of a built-in architecture: one file
    /// whose metadata names <c>quantize.arch</c> (what <c>train --save-checkpoint</c> writes), or whose tensors are all F32,
    /// F64 or I64 and named like a built-in architecture's state dict. Otherwise why it is a weight-only model: a folder or
    /// an index (checkpoints are one file), <paramref name="weightsOnly"/> (--weights-only), other dtypes, other names.
    /// Reads the header only; whether the names fit exactly is known only once the checkpoint is loaded.
    /// </summary>
    public static string? WeightsOnlyReason(string path, bool weightsOnly)
    {
        if (!SafeTensorsModel.IsSafeTensors(path)) return null;
        if (weightsOnly) return "read as weights only, as --weights-only asks";
        if (Directory.Exists(path)) return "a folder of safetensors files";
        if (path.EndsWith(SafeTensorsIndex.Suffix, StringComparison.OrdinalIgnoreCase)) return "a sharded safetensors model";
        (_, SafeTensorsHeader header) = SafeTensorsHeader.Read(path);
        var metadata = header.Metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (metadata.ContainsKey(CheckpointFile.MetadataArch)) return null;
        if (header.Entries.FirstOrDefault(e => e.DType is not ("F32" or "F64" or "I64")) is { } other)
            return $"it holds {other.DType} tensors such as '{other.Name}', and checkpoints of built-in architectures hold F32, F64 and I64 only";
        try
        {
            ArchitectureInference.Infer(new Checkpoint(header.Entries.Select(e => new ParameterTensor(e.Name, e.Shape, [])).ToList(), metadata), path);
            return null;
        }
        catch (CheckpointFormatException)
        {
            return "its tensor names are not those of a built-in architecture";
        }
    }

    /// <summary>Whether the safetensors file names its architecture in its metadata: then it is a checkpoint, fitting or not.</summary>
    public static bool NamesArchitecture(string path) =>
        File.Exists(path) && SafeTensorsHeader.Read(path).Header.Metadata.Any(p => p.Key == CheckpointFile.MetadataArch);
}
