using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Runtime.Tests;

/// <summary>
/// Damaged or foreign input ends in <see cref="InvalidContainerException"/> with a message naming the input, never in
/// another exception or a wrong model: the golden files of docs/format.md, truncations, a damaged stream under a valid
/// checksum, and declared sizes past the limit.
/// </summary>
public class NqzModelCorruptionTests
{
    static readonly string Golden = Path.Combine(RepoPaths.Root, "tests", "Quantize.Format.Tests", "Golden");

    public static TheoryData<string> Malformed() => [.. Directory.GetFiles(Golden, "malformed-*.nqz").Select(f => Path.GetFileName(f)).Order()];

    // ONNX containers: a safetensors container (main's valid-v1-safetensors.nqz, issue 17 item 2) restores through a
    // method of its own, not ToOnnxBytes.
    public static TheoryData<string> Valid() =>
        [.. Directory.GetFiles(Golden, "valid-*.nqz").Select(f => Path.GetFileName(f)).Where(n => !n.Contains("safetensors", StringComparison.Ordinal)).Order()];

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedGoldenFile_IsRefused_AtOpenOrRestore(string name)
    {
        string path = Path.Combine(Golden, name);

        var error = Assert.Throws<InvalidContainerException>(() =>
        {
            NqzModel model = NqzModel.Open(path);
            if (!model.IsSafeTensors) model.ToOnnxBytes();
            else foreach (string file in model.SafeTensorsFiles) model.WriteSafeTensors(file, Stream.Null);
        });

        Assert.Contains(path, error.Message);
        Assert.IsType<NqzFormatException>(error.InnerException);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void ValidGoldenFile_VerifiesAndRestores(string name)
    {
        NqzModel model = NqzModel.Open(Path.Combine(Golden, name));

        model.Verify();
        Assert.NotEmpty(model.ToOnnxBytes());
    }

    [Fact]
    public void TruncatedContainer_IsRefusedAtOpen()
    {
        byte[] container = SampleContainer.Bytes;
        foreach (int length in new[] { 0, 1, 7, 8, 9, 100, container.Length / 2, container.Length - 1 })
        {
            var error = Assert.Throws<InvalidContainerException>(() => NqzModel.Open(container.AsSpan(0, length), "cut.nqz"));
            Assert.StartsWith("cut.nqz ", error.Message);
        }
    }

    [Fact]
    public void OnnxModel_IsNotAContainer()
    {
        var error = Assert.Throws<InvalidContainerException>(() => NqzModel.Open(RepoPaths.SampleModel));

        Assert.Contains("missing signature", error.Message);
    }

    [Fact]
    public void MissingFile_IsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => NqzModel.Open(Path.Combine(Path.GetTempPath(), "quantize-no-such-file.nqz")));

    [Fact]
    public void DamagedIndexStream_UnderAValidChecksum_FailsVerifyAndRestore()
    {
        // A container whose checksum matches a body with a cut rANS payload: the structure still holds (Open accepts it),
        // the stream does not decode.
        NqzBody body = NqzFile.Parse(SampleContainer.Bytes, "sample");
        Codebook codebook = body.Codebooks[0];
        codebook.Stream = ByteString.CopyFrom(codebook.Stream.Span[..^4]);
        codebook.StreamBits -= 32;
        NqzModel model = NqzModel.Open(NqzFile.ToBytes(body), "damaged.nqz");

        Assert.StartsWith("damaged.nqz is corrupt: codebook 0 ", Assert.Throws<InvalidContainerException>(model.Verify).Message);
        Assert.StartsWith("damaged.nqz is corrupt: codebook 0 ", Assert.Throws<InvalidContainerException>(() => model.ToOnnxBytes()).Message);
    }

    [Fact]
    public void StreamLongerThanTheLimit_IsRefusedBeforeReading()
    {
        var error = Assert.Throws<InvalidContainerException>(() => NqzModel.Open(new HugeEmptyStream(), "huge.nqz"));

        Assert.Equal("huge.nqz is larger than the 2 GiB limit of a .nqz file", error.Message);
    }

    /// <summary>A seekable stream that claims 3 GiB and would hand out nothing: refusing it must not read it.</summary>
    sealed class HugeEmptyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => 3L << 30;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
