using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Models;

namespace Quantize.Torch.Checkpoints;

/// <summary>Turns a checkpoint of a built-in architecture into the ONNX model our exporters write for it.</summary>
public static class CheckpointImporter
{
    public sealed record Imported(ModelArchitecture Architecture, InputShape Input, ModelProto Model);

    /// <param name="architecture">A built-in name to use instead of inferring one (see <see cref="ArchitectureInference"/>).</param>
    public static Imported Import(string path, string producerVersion, string? architecture = null)
    {
        TorchRuntime.EnsureLoaded();
        Checkpoint checkpoint = CheckpointFile.Read(path);
        if (architecture != null)
            checkpoint = checkpoint with { Metadata = new Dictionary<string, string>(checkpoint.Metadata) { [CheckpointFile.MetadataArch] = architecture } };
        (ModelArchitecture arch, InputShape input) = ArchitectureInference.Infer(checkpoint, path);
        using var module = arch.Create(input);
        StateDictLoader.Load(module, checkpoint.Tensors, arch.Name, path);
        module.eval();
        return new Imported(arch, input, arch.Export(module, input, producerVersion));
    }
}
