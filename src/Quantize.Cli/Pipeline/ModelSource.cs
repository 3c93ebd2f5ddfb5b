using Quantize.Format.Container;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.SafeTensors;
using Quantize.Torch.Checkpoints;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Opens what the user names as a model: an ONNX file, a checkpoint of a built-in architecture (see
/// <see cref="CheckpointModels"/>), a .nqz container (decoded in memory), or, for the commands that do not run it, a
/// safetensors model read as weights only (docs/safetensors.md).
/// </summary>
public static class ModelSource
{
    public static ModelProto Load(string path)
    {
        if (File.Exists(path) && LooksLikeContainer(path))
            return NqzDecoder.DecodeModel(NqzFile.Read(path), path);
        return LoadNetwork(path);
    }

    /// <summary>An ONNX file or a checkpoint, not a container: for commands that start from uncompressed weights and run them.</summary>
    public static ModelProto LoadNetwork(string path)
    {
        EnsureExists(path);
        if (CheckpointModels.WeightsOnlyReason(path, weightsOnly: false) is { } reason) throw new UserInputException(NoGraph(path, reason));
        return CheckpointModels.IsCheckpoint(path) ? CheckpointModels.Load(path) : OnnxModelFile.Load(path);
    }

    /// <summary>
    /// What compress reads: a graph where there is one, else a safetensors model as weights only. A single safetensors file
    /// named like a built-in architecture but not fitting it (a torchvision ResNet-18 looks like a CIFAR ResNet) is weights
    /// only too, and the reason says why; one whose metadata names its architecture must fit it.
    /// </summary>
    public static SourceModel Open(string path, bool weightsOnly)
    {
        (ModelProto? graph, string? reason) = Resolve(path, weightsOnly);
        if (graph != null) return new SourceModel(graph, null, null);
        SafeTensorsModel model = SafeTensorsModel.Open(path);
        return new SourceModel(model.ToOnnx(), model.Layout(), reason);
    }

    /// <summary>The model's graph (ONNX or a checkpoint's export), or, for a safetensors model read as weights only, why (see <see cref="Open"/>).</summary>
    public static (ModelProto? Graph, string? WeightsOnlyReason) Resolve(string path, bool weightsOnly)
    {
        EnsureExists(path);
        if (CheckpointModels.WeightsOnlyReason(path, weightsOnly) is { } reason) return (null, reason);
        if (!SafeTensorsModel.IsSafeTensors(path)) return (LoadNetwork(path), null);
        try
        {
            return (CheckpointModels.Load(path), null);
        }
        catch (CheckpointFormatException e) when (!CheckpointModels.NamesArchitecture(path))
        {
            return (null, $"not a checkpoint of a built-in architecture: {e.Message}");
        }
    }

    /// <summary>The tensors of any model file, graph or not: for comparing a container with its source (inspect --original).</summary>
    public static ModelProto LoadWeights(string path) => Open(path, weightsOnly: false).Model;

    /// <summary>The one line for a command that must run a model given a safetensors model without a graph.</summary>
    public static string NoGraph(string path, string reason) =>
        $"{path} is a safetensors model without a graph ({reason}): there is nothing to run. compress takes it weights only " +
        "(no --data, Hessian, fine-tuning or accuracy and fidelity gates), inspect lists its tensors; eval, hessian, prune and sweep " +
        "need an ONNX model or a checkpoint of a built-in architecture";

    static void EnsureExists(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
    }

    static bool LooksLikeContainer(string path)
    {
        Span<byte> head = stackalloc byte[NqzLimits.Signature.Length];
        using FileStream stream = File.OpenRead(path);
        return stream.Read(head) == head.Length && head.SequenceEqual(NqzLimits.Signature);
    }
}
