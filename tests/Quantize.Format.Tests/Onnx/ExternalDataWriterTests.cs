using System.Globalization;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Tests.Onnx;

public class ExternalDataWriterTests
{
    // 16 floats stay inline (64 B < 1 KiB); 1,000 floats (4,000 B) and 999 halves go out 64-byte aligned; 300,000 floats (1.2 MB) 64 KiB aligned.
    static ModelProto Model()
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(Value("x", DataType.Float, 1, 4));
        graph.Output.Add(Value("y", DataType.Float, 1, 4));
        graph.Initializer.Add(Raw("small", DataType.Float, [4, 4], RandomValues(16, 1)));
        graph.Initializer.Add(Raw("medium", DataType.Float, [1000], RandomValues(1000, 2)));
        graph.Initializer.Add(Raw("half", DataType.Float16, [999], RandomValues(999, 4)));
        graph.Initializer.Add(Raw("large", DataType.Float, [300, 1000], RandomValues(300_000, 3)));
        graph.Node.Add(Node("MatMul", "mm", ["x", "small"], ["y"]));
        return OnnxBuilder.Model(graph);
    }

    static Dictionary<string, string> Entries(TensorProto tensor) => tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value);

    static long Offset(TensorProto tensor) => long.Parse(Entries(tensor)["offset"], CultureInfo.InvariantCulture);

    static TensorProto Initializer(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    [Fact]
    public void Write_MovesInitializersOfAtLeast1KiB_ToAlignedOffsetsOfOneFileBesideTheModel()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("m.onnx");

        long dataLength = ExternalDataWriter.Write(Model(), path);

        Assert.Equal(["m.onnx", "m.onnx.data"], folder.FileNames());
        ModelProto written = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        TensorProto small = Initializer(written, "small");
        Assert.False(ExternalData.IsExternal(small));
        Assert.Equal(64, small.RawData.Length);
        foreach (string name in new[] { "medium", "large", "half" })
        {
            TensorProto tensor = Initializer(written, name);
            Assert.True(ExternalData.IsExternal(tensor));
            Assert.False(tensor.HasRawData);
            Assert.Equal("m.onnx.data", Entries(tensor)["location"]);
        }
        Assert.Equal(0, Offset(Initializer(written, "medium")));
        Assert.Equal(4000, long.Parse(Entries(Initializer(written, "medium"))["length"], CultureInfo.InvariantCulture));
        Assert.Equal(4032, Offset(Initializer(written, "half"))); // the next multiple of 64 after 4,000 bytes
        Assert.Equal(65536, Offset(Initializer(written, "large"))); // the next multiple of 64 KiB after 4,032 + 1,998 bytes
        Assert.Equal(65536 + 1_200_000, dataLength);
        Assert.Equal(dataLength, new FileInfo(folder.File("m.onnx.data")).Length);
    }

    [Fact]
    public void Write_ThenLoad_GivesBackTheSameModel_AndLeavesTheModelPassedInAsItWas()
    {
        using var folder = new TemporaryFolder();
        ModelProto model = Model();
        ModelProto before = model.Clone();

        ExternalDataWriter.Write(model, folder.File("m.onnx"));

        Assert.Equal(before, model);
        Assert.Equal(before, OnnxModelFile.Load(folder.File("m.onnx")));
    }

    [Fact]
    public void Write_WithValues_FillsTheNamedTensorsInTheirStoredType()
    {
        using var folder = new TemporaryFolder();
        ModelProto model = Model();
        ModelProto skeleton = ModelParameters.WithoutData(model, ["large", "half"]);
        ParameterTensor[] values =
        [
            new("half", [999], RandomValues(999, 7)),
            new("large", [300, 1000], RandomValues(300_000, 8)),
        ];

        ExternalDataWriter.Write(skeleton, folder.File("m.onnx"), values);

        ModelProto expected = ModelParameters.WithValues(model, values);
        Assert.Equal(expected, OnnxModelFile.Load(folder.File("m.onnx")));
        // Written in the order given: the first value's tensor comes first in the data file.
        ModelProto written = OnnxModelFile.Load(folder.File("m.onnx"), readExternalData: false);
        Assert.True(Offset(Initializer(written, "half")) < Offset(Initializer(written, "large")));
    }

    [Fact]
    public void Write_FailingHalfway_LeavesTheFilesThatWereThere()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("m.onnx");
        ExternalDataWriter.Write(Model(), path);
        byte[] model = File.ReadAllBytes(path);
        byte[] data = File.ReadAllBytes(folder.File("m.onnx.data"));
        ModelProto skeleton = ModelParameters.WithoutData(Model(), ["large"]);

        // The first tensor is written to the data file before the second turns out to name nothing.
        ParameterTensor[] values = [new("large", [300, 1000], RandomValues(300_000, 9)), new("absent", [1], [1f])];
        Assert.Throws<OnnxFormatException>(() => ExternalDataWriter.Write(skeleton, path, values));

        Assert.Equal(["m.onnx", "m.onnx.data"], folder.FileNames());
        Assert.Equal(model, File.ReadAllBytes(path));
        Assert.Equal(data, File.ReadAllBytes(folder.File("m.onnx.data")));
    }

    [Fact]
    public void Write_ATensorWhoseExternalDataWasNotRead_IsRefused()
    {
        using var folder = new TemporaryFolder();
        ExternalDataWriter.Write(Model(), folder.File("m.onnx"));
        ModelProto unread = OnnxModelFile.Load(folder.File("m.onnx"), readExternalData: false);

        // Rewriting it to the same name would replace the data file it refers to.
        var error = Assert.Throws<OnnxFormatException>(() => ExternalDataWriter.Write(unread, folder.File("m.onnx")));

        Assert.Contains("'medium'", error.Message);
    }

    [Fact]
    public void DataFile_IsNamedAfterTheModelInItsFolder()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "sub", "..", "model.v2.onnx");

        Assert.Equal("model.v2.onnx.data", ExternalDataWriter.DataFileName(path));
        Assert.Equal(folder.File("model.v2.onnx.data"), ExternalDataWriter.DataFilePath(path));
        Assert.Throws<IOException>(() => ExternalDataWriter.DataFileName(folder.Path + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void Write_WhereTheDataFileWouldReplaceAFolder_IsRefused()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("m.onnx.data"));

        var error = Assert.Throws<IOException>(() => ExternalDataWriter.Write(Model(), folder.File("m.onnx")));

        Assert.Contains("folder", error.Message);
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void Save_WithExternalData_WritesTheDataFile_AndWithoutItOneFile()
    {
        using var folder = new TemporaryFolder();

        Assert.False(OnnxModelFile.Save(Model(), folder.File("inline.onnx")));
        Assert.True(OnnxModelFile.Save(Model(), folder.File("split.onnx"), externalData: true));

        Assert.Equal(["inline.onnx", "split.onnx", "split.onnx.data"], folder.FileNames());
        Assert.Equal(OnnxModelFile.Load(folder.File("inline.onnx")), OnnxModelFile.Load(folder.File("split.onnx")));
    }
}
