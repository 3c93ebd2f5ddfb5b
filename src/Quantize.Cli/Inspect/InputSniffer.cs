using Quantize.Format.Container;

namespace Quantize.Cli.Inspect;

/// <summary>Tells a .nqz container from an ONNX file by its signature, whatever the file is named.</summary>
static class InputSniffer
{
    public static bool IsContainer(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"file not found: {path}", path);
        ReadOnlySpan<byte> signature = NqzLimits.Signature;
        Span<byte> head = stackalloc byte[signature.Length];
        using FileStream stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return read == head.Length && head.SequenceEqual(signature);
    }
}
