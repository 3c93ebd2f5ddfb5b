using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// The .nqz container: signature, envelope, validation (NqzFile.Parse, NqzValidator), then both decoders —
/// NqzDecoder.Verify (what compress trusts) and NqzDecoder.DecodeModel (what decompress and inspect run). The input
/// is the encoded body; the driver wraps it in a file with the right checksum, or every mutation would stop there.
/// </summary>
sealed class ContainerTarget : FuzzTarget
{
    public override string Name => "nqz";

    public override string Description => "container decode + verify: NqzFile.Parse (body wrapped with its checksum), NqzValidator, NqzDecoder.Verify and DecodeModel";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(NqzFormatException)];

    public override void Run(byte[] input, Scratch scratch) => Decode(input);

    /// <summary>The restored model of a body that decodes; a body Verify accepts must decode, and one it refuses must not.</summary>
    public static Format.Onnx.Proto.ModelProto Decode(byte[] body)
    {
        const string Name = "fuzz input";
        NqzBody parsed = NqzFile.Parse(ContainerSeeds.Wrap(body), Name);
        Exception? refused = null;
        try
        {
            NqzDecoder.Verify(parsed, Name);
        }
        catch (NqzFormatException e)
        {
            refused = e;
        }
        if (refused == null)
            return Execution.Must("NqzDecoder.Verify accepted the container", () => NqzDecoder.DecodeModel(parsed, Name));
        try
        {
            NqzDecoder.DecodeModel(parsed, Name);
        }
        catch (NqzFormatException)
        {
            throw refused; // both refuse it: a malformed file, as expected
        }
        throw new FuzzFailure($"NqzDecoder.Verify refused the container ({refused.Message}) but DecodeModel restored it");
    }

    public override IEnumerable<Seed> Seeds(string repositoryRoot) => ContainerSeeds.Bodies(repositoryRoot, malformed: true);
}
