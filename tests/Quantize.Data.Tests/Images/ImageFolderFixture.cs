using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Data.Tests.Images;

/// <summary>The folder, model and PyTorch results written by tests/Fixtures/imagefolder/make.py.</summary>
static class ImageFolderFixture
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "Fixtures", "imagefolder");

    public static string Shapes => Path.Combine(Folder, "shapes");

    public static string File(string name) => Path.Combine(Folder, name);

    static readonly Lazy<JsonElement> Json = new(() => JsonDocument.Parse(System.IO.File.ReadAllText(File("expected.json"))).RootElement);

    public static string[] Classes => Json.Value.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Test-split files relative to shapes/test, '/'-separated, in torchvision's order.</summary>
    public static string[] TestFiles => Json.Value.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static int[] Labels => Json.Value.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static int TrainCount => Json.Value.GetProperty("train_count").GetInt32();
}
