namespace Quantize.Fuzz;

/// <summary>
/// The files one fuzzing process works in, under $TMPDIR (fuzz/run.sh points it into fuzz/out): the input written as a
/// file for readers that take a path, and a model folder with external data files beside it and one outside it.
/// </summary>
sealed class Scratch : IDisposable
{
    /// <summary>Bytes of weights.bin; seeds that keep tensors in external data point into it.</summary>
    public const int ExternalBytes = 4096;

    public Scratch(string target)
    {
        Root = Path.Combine(Path.GetTempPath(), "quantize-fuzz", $"{target}-{Environment.ProcessId}");
        ModelFolder = Path.Combine(Root, "model");
        Directory.CreateDirectory(Path.Combine(ModelFolder, "sub"));
        File.WriteAllBytes(Path.Combine(ModelFolder, "weights.bin"), Pattern(ExternalBytes, 1));
        File.WriteAllBytes(Path.Combine(ModelFolder, "sub", "more.bin"), Pattern(256, 2));
        File.WriteAllBytes(Path.Combine(Root, "outside.bin"), Pattern(256, 3)); // what "../outside.bin" would reach
    }

    public string Root { get; }

    /// <summary>The folder the ONNX target's model file lives in; external data resolve against it.</summary>
    public string ModelFolder { get; }

    public string ModelPath => Path.Combine(ModelFolder, "model.onnx");

    /// <summary>Writes the input where a reader that takes a path finds it.</summary>
    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // Small finite floats whatever the offset: every byte is 0x3c..0x3f or a low byte, so no NaN reaches the readers by chance.
    static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i % 4 == 3 ? 0x3c + (i / 4 + seed) % 4 : (i * 31 + seed) & 0xff);
        return bytes;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
