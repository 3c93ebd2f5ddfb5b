using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Format.Tests.Container;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Fuzz;

/// <summary>
/// The inputs afl++ found (docs/fuzzing.md, "Findings"), kept as golden files named fuzz-*: each is refused with its
/// reader's typed exception and a message that says what is wrong, without allocating what the file merely declares.
/// </summary>
public class FuzzFindingsTests
{
    public static TheoryData<string, string> SafeTensorsFindings => new()
    {
        { "fuzz-safetensors-name-not-utf8.safetensors", "the header is not UTF-8 text" },
        { "fuzz-safetensors-duplicate-key.safetensors", "Duplicate property 'shape'" }, // a key of __metadata__ given twice
    };

    [Theory]
    [MemberData(nameof(SafeTensorsFindings))]
    public void SafeTensorsFile_HeaderThatJsonReadsLazily_IsRefusedAsMalformed(string file, string message) =>
        BoundedRefusal.Assert<SafeTensorsFormatException>(() => SafeTensorsFile.Read(Golden(file)), message);

    [Fact]
    public void NqzDecoderVerify_OverSubscribedHuffmanLengths_IsAMalformedContainer()
    {
        // DecodeModel said so already; Verify (what compress trusts) let the coder's InvalidDataException escape.
        string path = Golden("fuzz-nqz-verify-over-subscribed-code.nqz");
        NqzBody body = NqzFile.Read(path);
        BoundedRefusal.Assert<NqzFormatException>(() => NqzDecoder.Verify(body, path), "has a corrupt index stream (Code lengths are over-subscribed");
        BoundedRefusal.Assert<NqzFormatException>(() => NqzDecoder.DecodeModel(body, path), "has a corrupt index stream (Code lengths are over-subscribed");
    }

    [Fact]
    public void NqzBody_SafeTensorsHeaderNotUtf8_IsAMalformedContainer()
    {
        // The header a safetensors container keeps had its own JSON parse, which the fix of the file reader's missed.
        byte[] body = File.ReadAllBytes(Golden("fuzz-nqz-safetensors-header-not-utf8.body"));
        BoundedRefusal.Assert<NqzFormatException>(() => NqzFile.ParseBody(body, "fuzzed body"), "the header is not UTF-8 text");
    }

    [Fact]
    public void NqzDecoder_SkeletonWhoseDimensionsOverflow_IsAMalformedContainer()
    {
        // The skeleton's tensor shapes were multiplied (checked) before they were validated: an OverflowException escaped.
        NqzBody body = NqzFile.ParseBody(File.ReadAllBytes(Golden("fuzz-nqz-skeleton-dims-overflow.body")), "fuzzed body");
        BoundedRefusal.Assert<NqzFormatException>(() => NqzDecoder.Verify(body, "fuzzed body"), "multiply to more than 2^63 elements");
        BoundedRefusal.Assert<NqzFormatException>(() => NqzDecoder.DecodeModel(body, "fuzzed body"), "multiply to more than 2^63 elements");
    }

    [Fact]
    public void OnnxModelFile_ExternalDataLocationWithANulCharacter_IsAMalformedModel()
    {
        // Loaded from a folder of its own, so that whatever the location names, only that folder could be read.
        using var folder = new TemporaryFolder();
        string model = folder.File("model.onnx");
        File.Copy(Golden("fuzz-onnx-external-location-nul.onnx"), model);
        BoundedRefusal.Assert<OnnxFormatException>(() => OnnxModelFile.Load(model), "NUL character");
    }

    static string Golden(string name) => Path.Combine(GoldenFiles.Folder, name);
}
