using System.Text.Json;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// The golden containers of tests/Quantize.Format.Tests/Golden (docs/format.md, section 14): the checks every valid and
/// every malformed one gets, and the writing of them when QUANTIZE_UPDATE_GOLDEN=1 asks for it.
/// </summary>
static class GoldenFiles
{
    public static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "Quantize.Format.Tests", "Golden");

    static readonly object Gate = new();

    /// <summary>Runs <paramref name="write"/>, one test at a time, when QUANTIZE_UPDATE_GOLDEN=1 asks for the files to be rewritten.</summary>
    public static void UpdateIfAsked(Action write)
    {
        if (Environment.GetEnvironmentVariable("QUANTIZE_UPDATE_GOLDEN") != "1") return;
        lock (Gate) write();
    }

    /// <summary>Reads a valid file, checks that it decodes to the values of <paramref name="valuesFile"/> and that its model restores; returns its body.</summary>
    public static NqzBody AssertDecodesToRecorded(string name, string valuesFile)
    {
        string path = Path.Combine(Folder, name);
        NqzBody body = NqzFile.Read(path);
        var recorded = JsonSerializer.Deserialize<Dictionary<string, float[]>>(File.ReadAllText(Path.Combine(Folder, valuesFile)))!;
        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);
        Assert.Equal(recorded.Keys.Order(), decoded.Select(t => t.Name).Order());
        foreach (ParameterTensor tensor in decoded) Assert.Equal(recorded[tensor.Name], tensor.Values);
        NqzDecoder.DecodeModel(body, path); // the skeleton still fits
        return body;
    }

    /// <summary>Checks that reading and restoring a malformed file fails with a message that contains <paramref name="message"/>.</summary>
    public static void AssertFailsWith(string name, string message)
    {
        string path = Path.Combine(Folder, name);
        var error = Assert.Throws<NqzFormatException>(() => NqzDecoder.DecodeModel(NqzFile.Read(path), path));
        Assert.Contains(message, error.Message);
    }

    public static void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(Folder, name), bytes);

    public static void WriteValues(string name, Dictionary<string, float[]> values) =>
        File.WriteAllText(Path.Combine(Folder, name), JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true }));
}
