using Quantize.Format.Container;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// `decompress`: a container's body decoded to its ONNX model, written as decompress writes it (OnnxModelFile.Write),
/// and read back: whatever a container restores must be an ONNX model this tool loads again.
/// </summary>
sealed class RestoreTarget : FuzzTarget
{
    public override string Name => "restore";

    public override string Description => ".nqz -> ONNX restore: NqzDecoder.DecodeModel, OnnxModelFile.Write to a stream, OnnxModelFile.Parse and ModelTensors.Find of the result";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(NqzFormatException)];

    public override void Run(byte[] input, Scratch scratch)
    {
        ModelProto model = ContainerTarget.Decode(input);
        byte[] restored = Execution.Must("the container decoded", () =>
        {
            using var stream = new MemoryStream();
            OnnxModelFile.WriteTo(model, stream);
            return stream.ToArray();
        });
        ModelProto reread = Execution.Must("the restored model was written", () => OnnxModelFile.Parse(restored, "the restored model"));
        Execution.Must("the restored model parsed", () => ModelTensors.Find(reread));
    }

    public override IEnumerable<Seed> Seeds(string repositoryRoot) => ContainerSeeds.Bodies(repositoryRoot, malformed: false);
}
