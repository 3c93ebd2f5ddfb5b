using System.Globalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Quantize.Format.Container;
using Quantize.Data.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Onnx.Tests;

/// <summary>
/// Models written with external data (<see cref="ExternalDataWriter"/>) run in ONNX Runtime exactly like the same model
/// in one file. The large case (past 2 GiB) is Quantize.Cli.Tests' LargeModelTests, opt-in.
/// </summary>
public class ExternalDataOracleTests
{
    [Fact]
    public void LeNet_DecompressedWithExternalData_RunsInOnnxRuntime_ExactlyLikeTheInMemoryDecompress()
    {
        using var folder = new TemporaryFolder();
        var roundTrip = new LibraryRoundTrip(OnnxModelFile.Load(RepoPaths.SampleModel), clusters: 16);
        string path = folder.File("lenet.onnx");

        string? dataPath = RestoredModelFile.Write(NqzFile.Parse(roundTrip.Container, "lenet"), "lenet", path, externalData: true);

        Assert.Equal(folder.File("lenet.onnx.data"), dataPath);
        ModelProto written = OnnxModelFile.Load(path, readExternalData: false);
        TensorProto[] external = written.Graph.Initializer.Where(ExternalData.IsExternal).ToArray();
        Assert.NotEmpty(external);
        Assert.All(external, t => Assert.Equal(0, long.Parse(t.ExternalData.Single(e => e.Key == "offset").Value, CultureInfo.InvariantCulture) % ExternalDataWriter.SmallAlignment));
        Assert.True(new FileInfo(path).Length < 4096, "the weights are in the data file, not in the model");
        Assert.Equal(roundTrip.Decoded, OnnxModelFile.Load(path)); // our reader restores the in-memory model

        LabeledImages images = new ImageDataset(RepoPaths.FashionMnist).Load(DatasetSplit.Test).Take(32);
        NamedOnnxValue[] inputs;
        using (var session = new InferenceSession(path))
        {
            NodeMetadata input = session.InputMetadata.Values.Single();
            int[] dims = input.Dimensions.Select(d => d < 0 ? images.Count : d).ToArray();
            inputs = [OrtRunner.Floats(session.InputMetadata.Keys.Single(), images.Pixels.Select(p => p / 255f).ToArray(), dims)];
        }
        float[] fromDataFile = OrtRunner.RunFile(path, inputs);
        float[] inMemory = OrtRunner.Run(roundTrip.Decoded.ToByteArray(), inputs);

        Assert.Equal(inMemory, fromDataFile);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryInitializerExternal_OfEveryFloatingTypeAndInSubgraphs_RunsLikeOneFile(bool condition)
    {
        using var folder = new TemporaryFolder();
        ModelProto decoded = new LibraryRoundTrip(MixedWeightsModel.Build(), clusters: 32).Decoded; // float16, bfloat16, double raw data; If branches
        string path = folder.File("mixed.onnx");

        ExternalDataWriter.Write(decoded, path, sizeThreshold: 1);

        ModelProto written = OnnxModelFile.Load(path, readExternalData: false);
        Assert.Contains(written.Graph.Node.SelectMany(n => n.Attribute).Where(a => a.G != null).SelectMany(a => a.G.Initializer), ExternalData.IsExternal);
        NamedOnnxValue[] inputs = [OrtRunner.Floats("x", OnnxBuilder.RandomValues(16, 99), 2, 8), OrtRunner.Scalar("cond", condition)];
        Assert.Equal(OrtRunner.Run(decoded.ToByteArray(), inputs), OrtRunner.RunFile(path, inputs));
    }
}
