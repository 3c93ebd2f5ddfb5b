using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.SafeTensors;

/// <summary>
/// A test on one of the real ONNX models of samples/real-models (fetched by samples/real-models/fetch.sh into its cache
/// folder, or found in the folder QUANTIZE_REAL_MODELS names): skipped, saying so, where the model is not on this machine.
/// </summary>
sealed class RealModelFactAttribute : FactAttribute
{
    public RealModelFactAttribute(string model)
    {
        if (Find(model) == null) Skip = $"{model} is not in samples/real-models/cache (run samples/real-models/fetch.sh) nor in $QUANTIZE_REAL_MODELS";
    }

    public static string? Find(string model) =>
        new[] { Environment.GetEnvironmentVariable("QUANTIZE_REAL_MODELS"), Path.Combine(RepoPaths.Samples, "real-models", "cache") }
            .Where(folder => !string.IsNullOrEmpty(folder)).Select(folder => Path.Combine(folder!, model)).FirstOrDefault(File.Exists);
}
