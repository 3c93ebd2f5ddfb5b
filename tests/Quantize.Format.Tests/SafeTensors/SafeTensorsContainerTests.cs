using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Format.Tests.Container;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.SafeTensors;

/// <summary>
/// Containers made from safetensors models (docs/format.md, section 15): they restore the source files byte for byte but
/// for the weights' values, the golden file keeps doing so, and hostile layouts are refused with the rule they break.
/// </summary>
public class SafeTensorsContainerTests
{
    [Fact]
    public void RestoresTheSourceFileWithEachWeightReplacedByItsQuantizedValueInItsDtype()
    {
        using var temp = new TemporaryFolder();
        var fixture = new SafeTensorsContainerFixture(temp.Path);
        Assert.Equal(["layer.weight", "layer.bias", "embed.weight", "norm.weight"], fixture.Parameters.Select(p => p.Name)); // data order; the rest stays exact

        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(fixture.Build()), "test");
        byte[] restored = SafeTensorsContainerFixture.Restored(body);

        Assert.Equal(fixture.Expected, restored);
        byte[] source = File.ReadAllBytes(fixture.Path);
        Assert.NotEqual(source, restored); // the weights did change
        int headerEnd = 8 + (int)BitConverter.ToUInt64(source, 0);
        Assert.Equal(source[..headerEnd], restored[..headerEnd]); // names, dtypes, shapes, offsets, order and metadata
    }

    [Fact]
    public void TheOnnxModelOfTheSameContainerHoldsTheSameBytes()
    {
        using var temp = new TemporaryFolder();
        var fixture = new SafeTensorsContainerFixture(temp.Path);
        NqzBody body = fixture.Build(SymbolCoding.Ans);
        byte[] restored = SafeTensorsContainerFixture.Restored(body);
        (_, SafeTensorsHeader header) = SafeTensorsHeader.Read(fixture.Path);
        long dataStart = restored.Length - header.DataLength;
        foreach (var initializer in NqzDecoder.DecodeModel(body, "test").Graph.Initializer)
        {
            SafeTensorsEntry entry = header.Entries.Single(e => e.Name == initializer.Name);
            Assert.Equal(restored[(int)(dataStart + entry.Begin)..(int)(dataStart + entry.End)], initializer.RawData.ToByteArray());
        }
    }

    [Fact]
    public void ShardedModelsComeBackAsTheSameShardsAndIndex()
    {
        using var temp = new TemporaryFolder();
        SafeTensorsFixture.Tensor a = SafeTensorsFixture.Float("a.weight", "BF16", [3, 4], Enumerable.Range(0, 12).Select(i => i * 0.3f - 1).ToArray());
        SafeTensorsFixture.Tensor b = SafeTensorsFixture.Float("b.weight", "F16", [2, 5], Enumerable.Range(0, 10).Select(i => 0.5f - i * 0.1f).ToArray());
        SafeTensorsFixture.Tensor c = SafeTensorsFixture.Int64("c.ids", [3], [4, 5, 6]);
        SafeTensorsFixture.Write(temp.File("model-00001-of-00002.safetensors"), [a, c], [new("format", "pt")]);
        SafeTensorsFixture.Write(temp.File("model-00002-of-00002.safetensors"), [b], [new("format", "pt")]);
        string index = temp.File("model.safetensors.index.json");
        File.WriteAllText(index, """{"metadata": {"total_size": 44}, "weight_map": {"a.weight": "model-00001-of-00002.safetensors", "b.weight": "model-00002-of-00002.safetensors", "c.ids": "model-00001-of-00002.safetensors"}}""");

        SafeTensorsModel model = SafeTensorsModel.Open(temp.Path); // the folder finds its index
        Assert.Equal("model.safetensors.index.json", model.IndexName);
        var onnx = model.ToOnnx();
        var parameters = ModelParameters.Extract(onnx);
        var quantization = new Quantize.Core.Clustering.Uniform.UniformQuantizer(4).Quantize(parameters.SelectMany(p => p.Values).ToArray(), []);
        NqzBody body = NqzBuilder.Build(onnx, parameters, quantization, SymbolCoding.Huffman, new Settings(), "test");
        body.SafeTensors = model.Layout();
        body = NqzFile.Parse(NqzFile.ToBytes(body), "test");

        SafeTensorsRestore restore = SafeTensorsRestore.Open(body, "test");
        Assert.True(restore.IsSharded);
        Assert.Equal(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json"], restore.FileNames);
        string output = temp.File("restored");
        restore.WriteTo(output);
        Assert.Equal(File.ReadAllBytes(index), File.ReadAllBytes(Path.Combine(output, "model.safetensors.index.json")));
        foreach (string shard in restore.FileNames.SkipLast(1))
        {
            (byte[] sourceHeader, SafeTensorsHeader header) = SafeTensorsHeader.Read(temp.File(shard));
            (byte[] restoredHeader, _) = SafeTensorsHeader.Read(Path.Combine(output, shard));
            Assert.Equal(sourceHeader, restoredHeader);
            Assert.Equal(new FileInfo(temp.File(shard)).Length, new FileInfo(Path.Combine(output, shard)).Length);
        }
        byte[] ids = File.ReadAllBytes(Path.Combine(output, "model-00001-of-00002.safetensors"))[^24..];
        Assert.Equal(c.Bytes, ids); // the int64 table is exact
        var one = new MemoryStream();
        Assert.Contains("write it to a folder", Assert.Throws<NqzFormatException>(() => SafeTensorsRestore.Write(body, one)).Message);
    }

    [Fact]
    public void TheGoldenFileRestoresToTheRecordedFile()
    {
        RegenerateIfAsked();
        NqzBody body = NqzFile.Read(Path.Combine(GoldenFiles.Folder, "valid-v1-safetensors.nqz"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(GoldenFiles.Folder, "valid-v1-safetensors-restored.safetensors")), SafeTensorsContainerFixture.Restored(body));
    }

    /// <summary>File → the message (a fragment) that reading or restoring it must fail with (docs/format.md, section 15).</summary>
    public static TheoryData<string, string> HostileFiles => new()
    {
        { "malformed-safetensors-shard-name.nqz", "safetensors shard '../model.safetensors' is not a plain file name" },
        { "malformed-safetensors-header-json.nqz", "unreadable header" },
        { "malformed-safetensors-header-gap.nqz", "without gap or overlap" },
        { "malformed-safetensors-dtype.nqz", "has dtype F128" },
        { "malformed-safetensors-index.nqz", "the weight_map puts tensor 'layer.weight' in other.safetensors, but it is in model.safetensors" },
        { "malformed-safetensors-index-name.nqz", "safetensors index '/etc/passwd.json' is not a plain file name" },
        { "malformed-safetensors-no-shard.nqz", "its safetensors layout has no shard" },
        { "malformed-safetensors-dtype-mismatch.nqz", "tensor 'steps' is not I64 [2] in the skeleton" },
        // Refused by the skeleton's own check (docs/onnx.md) before the header comparison (L5) is reached.
        { "malformed-safetensors-kept-bytes.nqz", "tensor 'mask' has 2 bytes of data for 3 BOOL values" },
        { "malformed-safetensors-extra-tensor.nqz", "its skeleton holds 9 tensors but its safetensors headers 8" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void HostileLayoutsAreRefused(string name, string message)
    {
        RegenerateIfAsked();
        string path = Path.Combine(GoldenFiles.Folder, name);
        var error = Assert.Throws<NqzFormatException>(() => SafeTensorsRestore.Open(NqzFile.Read(path), path));
        Assert.Contains(message, error.Message);
    }

    static void RegenerateIfAsked() => GoldenFiles.UpdateIfAsked(Regenerate);

    static void Regenerate()
    {
        using var temp = new TemporaryFolder();
        var fixture = new SafeTensorsContainerFixture(temp.Path);
        GoldenFiles.Write("valid-v1-safetensors.nqz", NqzFile.ToBytes(fixture.Build()));
        GoldenFiles.Write("valid-v1-safetensors-restored.safetensors", fixture.Expected);

        byte[] Tampered(Action<NqzBody> change)
        {
            NqzBody body = fixture.Build();
            change(body);
            return NqzFile.ToBytes(body); // a correct checksum: the rules must catch it
        }
        void Header(NqzBody body, Func<string, string> edit) =>
            body.SafeTensors.Shards[0].Header = ByteString.CopyFromUtf8(edit(body.SafeTensors.Shards[0].Header.ToStringUtf8()));
        void Skeleton(NqzBody body, Action<Quantize.Format.Onnx.Proto.ModelProto> edit)
        {
            var model = Quantize.Format.Onnx.Proto.ModelProto.Parser.ParseFrom(body.ModelSkeleton);
            edit(model);
            body.ModelSkeleton = model.ToByteString();
        }

        GoldenFiles.Write("malformed-safetensors-shard-name.nqz", Tampered(b => b.SafeTensors.Shards[0].Name = "../model.safetensors"));
        GoldenFiles.Write("malformed-safetensors-header-json.nqz", Tampered(b => Header(b, h => h[..^12])));
        GoldenFiles.Write("malformed-safetensors-header-gap.nqz", Tampered(b => Header(b, h => System.Text.RegularExpressions.Regex.Replace(h,
            "\"data_offsets\":\\[0,(\\d+)\\]", m => $"\"data_offsets\":[1,{int.Parse(m.Groups[1].Value) + 1}]"))));
        GoldenFiles.Write("malformed-safetensors-dtype.nqz", Tampered(b => Header(b, h => h.Replace("\"BOOL\"", "\"F128\""))));
        GoldenFiles.Write("malformed-safetensors-index.nqz", Tampered(b =>
        {
            b.SafeTensors.IndexName = "model.safetensors.index.json";
            b.SafeTensors.Index = ByteString.CopyFromUtf8("{\"weight_map\": {" + string.Join(", ", fixture.Model.Entries.Select(e =>
                $"\"{e.Name}\": \"{(e.Name == "layer.weight" ? "other" : "model")}.safetensors\"")) + "}}");
        }));
        GoldenFiles.Write("malformed-safetensors-index-name.nqz", Tampered(b =>
        {
            b.SafeTensors.IndexName = "/etc/passwd.json";
            b.SafeTensors.Index = ByteString.CopyFromUtf8("{}");
        }));
        GoldenFiles.Write("malformed-safetensors-no-shard.nqz", Tampered(b => b.SafeTensors.Shards.Clear()));
        // Retyped as INT32 [4]: the same 16 bytes, so the skeleton is valid ONNX and only the header comparison refuses it.
        GoldenFiles.Write("malformed-safetensors-dtype-mismatch.nqz", Tampered(b => Skeleton(b, m =>
        {
            var steps = m.Graph.Initializer.Single(t => t.Name == "steps");
            steps.DataType = (int)Quantize.Format.Onnx.Proto.TensorProto.Types.DataType.Int32;
            steps.Dims.Clear();
            steps.Dims.Add(4);
        })));
        GoldenFiles.Write("malformed-safetensors-kept-bytes.nqz", Tampered(b => Skeleton(b, m =>
        {
            var mask = m.Graph.Initializer.Single(t => t.Name == "mask");
            mask.RawData = ByteString.CopyFrom(mask.RawData.Span[..2]);
        })));
        GoldenFiles.Write("malformed-safetensors-extra-tensor.nqz", Tampered(b => Skeleton(b, m =>
        {
            var extra = new Quantize.Format.Onnx.Proto.TensorProto { Name = "extra", DataType = 7, RawData = ByteString.CopyFrom(new byte[8]) };
            extra.Dims.Add(1);
            m.Graph.Initializer.Add(extra);
        })));
    }
}
