using System.Text.Json;
using Quantize.Data.NumPy;
using Quantize.Tests.Shared;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Data;

/// <summary>The fixtures of tests/Fixtures (each folder's make.py says how they were made) and batch helpers.</summary>
static class DataFixtures
{
    public static string Root => Path.Combine(RepoPaths.Root, "tests", "Fixtures");

    public static string Npy(string name) => Path.Combine(Root, "npy", name);

    public static string ImageFolder => Path.Combine(Root, "imagefolder");

    public static string Shapes => Path.Combine(ImageFolder, "shapes");

    static readonly Lazy<Dictionary<string, NpyArray>> ExpectedArrays =
        new(() => NpzReader.Read(Path.Combine(ImageFolder, "expected.npz")).ToDictionary(a => a.Name));

    static readonly Lazy<JsonElement> ExpectedJson =
        new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(ImageFolder, "expected.json"))).RootElement);

    /// <summary>What PyTorch computed on the test split: 'test', 'gray', 'predictions', 'labels'.</summary>
    public static NpyArray Expected(string name) => ExpectedArrays.Value[name];

    public static string[] TestFiles => ExpectedJson.Value.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static double TestAccuracy => ExpectedJson.Value.GetProperty("test_accuracy").GetDouble();

    public static int[] All(int count) => Enumerable.Range(0, count).ToArray();

    public static float[] Floats(Tensor t) => t.contiguous().data<float>().ToArray();
}
