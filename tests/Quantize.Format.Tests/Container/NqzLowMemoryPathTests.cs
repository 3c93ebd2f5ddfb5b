using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// The parts compress uses to hold a large model about once: streamed files, chunked index reading, verification
/// without a decoded model, extraction that releases the stored weights. Each must agree with the full-memory path.
/// </summary>
public class NqzLowMemoryPathTests
{
    [Theory]
    [InlineData(SymbolCoding.Huffman)]
    [InlineData(SymbolCoding.Fixed)]
    [InlineData(SymbolCoding.Ans)]
    public void StreamedFileIsTheSameBytes(SymbolCoding coding)
    {
        NqzBody body = ContainerFixture.Create(inputs: 16, outputs: 12, cells: 5).Build(coding);
        using var stream = new MemoryStream();
        byte[] encoded = NqzFile.EncodeBody(body);
        NqzFile.WriteTo(stream, encoded);
        Assert.Equal(NqzFile.ToBytes(body), stream.ToArray());
        Assert.Equal(stream.Length, NqzFile.FileLength(encoded));
        Assert.Equal(stream.Length, NqzFile.FileLength(body));
    }

    [Theory]
    [InlineData(SymbolCoding.Huffman, 1)]
    [InlineData(SymbolCoding.Fixed, 7)]
    [InlineData(SymbolCoding.Ans, 100)]
    public void IndicesReadInChunksEqualTheWholeDecode(SymbolCoding coding, int chunk)
    {
        NqzBody body = ContainerFixture.Create(inputs: 16, outputs: 12, cells: 6).Build(coding);
        int[] whole = CodedIndices.Decode(body.Codebooks[0], 0);
        var reader = new CodedIndices.IndexReader(body.Codebooks[0], 0);
        var read = new List<int>();
        for (int done = 0; done < whole.Length; done += chunk)
        {
            var part = new int[Math.Min(chunk, whole.Length - done)];
            reader.Read(part);
            read.AddRange(part);
        }
        reader.Finish();
        Assert.Equal(whole, read);
        Assert.Throws<NqzFormatException>(() => reader.Read(new int[1]));
    }

    [Fact]
    public void AReaderStoppedEarlyIsRefused()
    {
        NqzBody body = ContainerFixture.Create().Build(SymbolCoding.Huffman);
        var reader = new CodedIndices.IndexReader(body.Codebooks[0], 0);
        reader.Read(new int[2]);
        Assert.Throws<NqzFormatException>(reader.Finish);
    }

    [Fact]
    public void VerifyAcceptsWhatDecodesAndRefusesWhatDoesNot()
    {
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(ContainerFixture.Create(inputs: 16, outputs: 12).Build(SymbolCoding.Huffman)), "good");
        NqzDecoder.Verify(body, "good");

        // A tensor renamed away from its initializer, and a stream cut short: DecodeModel refuses both, so must Verify.
        NqzBody renamed = body.Clone();
        renamed.Tensors[0].Name = "nowhere";
        Assert.Throws<NqzFormatException>(() => NqzDecoder.DecodeModel(renamed, "renamed"));
        Assert.Throws<NqzFormatException>(() => NqzDecoder.Verify(renamed, "renamed"));

        NqzBody cut = body.Clone();
        Codebook codebook = cut.Codebooks[0];
        codebook.Stream = ByteString.CopyFrom(codebook.Stream.Span[..^1]);
        codebook.StreamBits = (ulong)codebook.Stream.Length * 8;
        Assert.Throws<NqzFormatException>(() => NqzDecoder.DecodeModel(cut, "cut"));
        Assert.Throws<NqzFormatException>(() => NqzDecoder.Verify(cut, "cut"));
    }

    [Fact]
    public void ExtractionThatReleasesDataLeavesTheSameSkeleton()
    {
        ModelProto kept = Onnx.SampleModels.Build(inputs: 5, outputs: 3);
        ModelProto released = kept.Clone();
        IReadOnlyList<ParameterTensor> expected = ModelParameters.Extract(kept);
        IReadOnlyList<ParameterTensor> actual = ModelParameters.Extract(released, releaseData: true);

        Assert.Equal(expected.Select(p => p.Values), actual.Select(p => p.Values));
        Assert.All(released.Graph.Initializer.Where(t => expected.Any(p => p.Name == t.Name)), t => Assert.True(t.RawData.IsEmpty && t.FloatData.Count == 0));
        Assert.Equal(ModelParameters.WithoutData(kept, expected.Select(p => p.Name)), released);
    }

    [Fact]
    public void ATensorWithoutValuesKeepsItsCountAndShape()
    {
        var tensor = new ParameterTensor("w", [3, 4], new float[12]);
        ParameterTensor shapeOnly = tensor.WithoutValues();
        Assert.Empty(shapeOnly.Values);
        Assert.Equal(12, shapeOnly.ElementCount);
        Assert.Equal("3x4", shapeOnly.ShapeText);
    }

    [Fact]
    public void ADenseGroupCodesItsAssignmentAsGiven()
    {
        ModelProto model = Onnx.SampleModels.Build(inputs: 8, outputs: 5);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        float[] values = parameters.SelectMany(p => p.Values).ToArray();
        Quantization quantization = new UniformQuantizer(4).Quantize(values, []);
        int[] before = (int[])quantization.Assignment.Clone();
        NqzBody body = NqzBuilder.Build(model, parameters, quantization, SymbolCoding.Huffman, ContainerFixture.Settings(4), ContainerFixture.Producer);
        Assert.Equal(before, quantization.Assignment);
        Assert.Equal(quantization.Assignment, CodedIndices.Decode(body.Codebooks[0], 0));
        Assert.Equal(quantization.Centers, body.Codebooks[0].Values); // no extra zero value for a dense group
    }
}
