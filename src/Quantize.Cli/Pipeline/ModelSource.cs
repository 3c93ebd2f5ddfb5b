using Quantize.Format.Container;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Opens what the user names as a model: an ONNX file, a checkpoint of a built-in architecture (see
/// <see cref="CheckpointModels"/>), or a .nqz container (decoded in memory).
/// </summary>
public static class ModelSource
{
    public static ModelProto Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        if (LooksLikeContainer(path))
            return NqzDecoder.DecodeModel(NqzFile.Read(path), path);
        return LoadNetwork(path);
    }

    /// <summary>An ONNX file or a checkpoint, not a container: for commands that start from uncompressed weights.</summary>
    public static ModelProto LoadNetwork(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        return CheckpointModels.IsCheckpoint(path) ? CheckpointModels.Load(path) : OnnxModelFile.Load(path);
    }

    static bool LooksLikeContainer(string path)
    {
        Span<byte> head = stackalloc byte[NqzLimits.Signature.Length];
        using FileStream stream = File.OpenRead(path);
        return stream.Read(head) == head.Length && head.SequenceEqual(NqzLimits.Signature);
    }
}
