using System.Text;
using Google.Protobuf;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Onnx;

public class OnnxModelFileTests
{
    [Fact]
    public void SaveThenLoad_PreservesEveryField()
    {
        using var folder = new TemporaryFolder();
        ModelProto model = SampleModels.Build();
        string path = folder.File("model.onnx");

        OnnxModelFile.Save(model, path);
        ModelProto loaded = OnnxModelFile.Load(path);

        Assert.Equal(model, loaded);
        Assert.Equal(model.ToByteArray(), File.ReadAllBytes(path));
        Assert.Equal(8, loaded.IrVersion);
        Assert.Equal("tests", loaded.MetadataProps.Single().Value);
        Assert.Equal(["MatMul", "Add", "Reshape", "Mul"], loaded.Graph.Node.Select(n => n.OpType));
        Assert.Equal([-1L, 6L], SampleModels.Initializer(loaded, SampleModels.Shape).Int64Data);
        Assert.Equal(["fc.weight", "reshape.shape", "fc.bias", "scale"], loaded.Graph.Initializer.Select(t => t.Name));
    }

    [Fact]
    public void Save_OverwritesAnExistingFile_AndLeavesNoTemporaryFiles()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("model.onnx");
        File.WriteAllText(path, "old content that is longer than nothing");

        OnnxModelFile.Save(SampleModels.Build(), path);

        Assert.Equal(SampleModels.Build(), OnnxModelFile.Load(path));
        Assert.Equal(["model.onnx"], folder.FileNames());
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("absent.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => OnnxModelFile.Load(path));

        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsOnnxFormatException()
    {
        AssertLoadRejects([], "empty");
    }

    [Fact]
    public void Load_TextFile_ThrowsOnnxFormatException()
    {
        AssertLoadRejects(Encoding.UTF8.GetBytes("ir_version: 8\ngraph { name: \"not binary\" }\n"));
    }

    [Fact]
    public void Load_ValidProtobufWithoutGraph_ThrowsOnnxFormatException()
    {
        AssertLoadRejects(new ModelProto { IrVersion = 8, ProducerName = "no graph" }.ToByteArray(), "no graph");
        AssertLoadRejects(new ModelProto { Graph = new GraphProto { Name = "no version" } }.ToByteArray(), "IR version");
    }

    [Fact]
    public void Load_RandomBytes_ThrowsOnnxFormatException()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("random.onnx");
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);

            var error = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));

            Assert.Contains(path, error.Message);
        }
    }

    [Fact]
    public void Load_ModelCutAnywhereInsideItsGraph_ThrowsOnnxFormatException()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("cut.onnx");
        ModelProto model = SampleModels.Build();
        byte[] bytes = model.ToByteArray();
        // Fields are written in field-number order, so the graph (field 7) starts right after fields 1-6.
        ModelProto before = model.Clone();
        before.Graph = null;
        before.OpsetImport.Clear();
        before.MetadataProps.Clear();
        int graphStart = before.CalculateSize();
        int graphEnd = graphStart + CodedOutputStream.ComputeTagSize(ModelProto.GraphFieldNumber) + CodedOutputStream.ComputeMessageSize(model.Graph);
        Assert.True(graphEnd < bytes.Length);

        for (int length = graphStart; length < graphEnd; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);

            Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));
        }
    }

    [Fact]
    public void Load_FileOverTwoGibibytes_IsRefusedBeforeReading()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("huge.onnx");
        // A sparse file: the length is what matters, and reading it would take 2 GiB of memory.
        using (var stream = new FileStream(path, FileMode.CreateNew)) stream.SetLength(int.MaxValue + 1L);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains("2 GiB", error.Message);
    }

    [Fact]
    public void UnknownFieldsAtTheEndOfTheModel_SurviveLoadAndSave()
    {
        using var folder = new TemporaryFolder();
        byte[] known = SampleModels.Build().ToByteArray();
        byte[] unknown = UnknownFields(fieldNumber: 1000);
        byte[] input = [.. known, .. unknown];
        string inputPath = folder.File("in.onnx"), outputPath = folder.File("out.onnx");
        File.WriteAllBytes(inputPath, input);

        OnnxModelFile.Save(OnnxModelFile.Load(inputPath), outputPath);

        Assert.Equal(input, File.ReadAllBytes(outputPath));
    }

    [Fact]
    public void UnknownFieldsInsideNestedMessages_SurviveLoadAndSave()
    {
        using var folder = new TemporaryFolder();
        ModelProto model = SampleModels.Build();
        // Re-parse one initializer and one node from bytes that carry fields this schema does not declare.
        TensorProto weights = SampleModels.Initializer(model, SampleModels.Weights);
        TensorProto weightsWithExtra = TensorProto.Parser.ParseFrom([.. weights.ToByteArray(), .. UnknownFields(fieldNumber: 99)]);
        model.Graph.Initializer[model.Graph.Initializer.IndexOf(weights)] = weightsWithExtra;
        model.Graph.Node[0] = NodeProto.Parser.ParseFrom([.. model.Graph.Node[0].ToByteArray(), .. UnknownFields(fieldNumber: 4242)]);
        string path = folder.File("nested.onnx");
        OnnxModelFile.Save(model, path);

        ModelProto loaded = OnnxModelFile.Load(path);
        string resaved = folder.File("resaved.onnx");
        OnnxModelFile.Save(loaded, resaved);

        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(resaved));
        Assert.Equal([.. weights.ToByteArray(), .. UnknownFields(fieldNumber: 99)], SampleModels.Initializer(loaded, SampleModels.Weights).ToByteArray());
        Assert.NotEqual(SampleModels.Build().ToByteArray().Length, File.ReadAllBytes(resaved).Length);
    }

    /// <summary>Fields of every wire type under a number no ONNX message declares.</summary>
    internal static byte[] UnknownFields(int fieldNumber)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(fieldNumber, WireFormat.WireType.Varint);
        output.WriteInt64(-42);
        output.WriteTag(fieldNumber + 1, WireFormat.WireType.LengthDelimited);
        output.WriteString("from a newer exporter");
        output.WriteTag(fieldNumber + 2, WireFormat.WireType.Fixed32);
        output.WriteFixed32(0xDEADBEEF);
        output.WriteTag(fieldNumber + 3, WireFormat.WireType.Fixed64);
        output.WriteFixed64(0x0123456789ABCDEF);
        output.Flush();
        return buffer.ToArray();
    }

    static void AssertLoadRejects(byte[] contents, string? problem = null)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("bad.onnx");
        File.WriteAllBytes(path, contents);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelFile.Load(path));

        Assert.Contains(path, error.Message);
        if (problem != null) Assert.Contains(problem, error.Message);
    }
}
