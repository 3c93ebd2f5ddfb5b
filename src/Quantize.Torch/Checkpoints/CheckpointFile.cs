using System.Buffers.Binary;
using Quantize.Format.SafeTensors;

namespace Quantize.Torch.Checkpoints;

/// <summary>
/// Tells checkpoint files from ONNX and reads them. Safetensors files are recognised by content (an 8-byte
/// header length followed by '{') or by the .safetensors extension; TorchSharp <c>Module.save</c> files, which
/// carry no signature, by the extensions TorchSharp users give them (.dat, .bin, .pt, .pth).
/// </summary>
public static class CheckpointFile
{
    public const string SafeTensorsExtension = ".safetensors";
    public const string MetadataArch = "quantize.arch";
    public const string MetadataInput = "quantize.input";

    static readonly string[] TorchSharpExtensions = [".dat", ".bin", ".pt", ".pth"];

    public static bool IsCheckpoint(string path) => IsSafeTensors(path) || IsTorchSharp(path);

    public static bool IsTorchSharp(string path) =>
        TorchSharpExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    public static bool IsSafeTensors(string path)
    {
        if (string.Equals(Path.GetExtension(path), SafeTensorsExtension, StringComparison.OrdinalIgnoreCase)) return true;
        if (!File.Exists(path)) return false;
        Span<byte> head = stackalloc byte[9];
        using FileStream stream = File.OpenRead(path);
        if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return false;
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        return head[8] == (byte)'{' && headerLength < (ulong)stream.Length;
    }

    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint file not found: {path}", path);
        if (IsSafeTensors(path))
        {
            SafeTensorsContent content = SafeTensorsFile.Read(path);
            return new Checkpoint(content.Tensors, content.Metadata);
        }
        if (LooksLikeZip(path))
            throw new CheckpointFormatException($"{path} is a PyTorch pickle archive (torch.save); save its state_dict as safetensors instead " +
                                                "(safetensors.torch.save_file(model.state_dict(), \"model.safetensors\"))");
        return new Checkpoint(TorchSharpStateFile.Read(path), new Dictionary<string, string>());
    }

    static bool LooksLikeZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using FileStream stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
    }
}
