namespace Quantize.Tests.Shared;

/// <summary>Finds files shipped in the repository (samples, golden files) from a test's output folder.</summary>
static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string FashionMnist => Path.Combine(Samples, "fashion-mnist");

    public static string SampleModel => Path.Combine(Samples, "lenet5-fashion.onnx");

    static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Quantize.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Quantize.sln above {AppContext.BaseDirectory}");
    }
}
