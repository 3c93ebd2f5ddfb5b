using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Checkpoints;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Lets every command that takes a MODEL take a checkpoint of a built-in architecture instead of ONNX:
/// a safetensors state dict (PyTorch names) or a TorchSharp Module.save file (.dat/.bin/.pt/.pth). The
/// architecture comes from the file's metadata or its keys (<see cref="ArchitectureInference"/>); the
/// weights are loaded strictly and exported to the same ONNX graph <c>quantize train</c> writes.
/// </summary>
public static class CheckpointModels
{
    public static bool IsCheckpoint(string path) => CheckpointFile.IsCheckpoint(path);

    public static ModelProto Load(string path) => CheckpointImporter.Import(path, ToolInfo.Version).Model;
}
