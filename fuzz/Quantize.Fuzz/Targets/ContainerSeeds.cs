using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// Bodies of the golden containers (tests/Quantize.Format.Tests/Golden), and the file around a body. Only files whose
/// envelope is intact have a body: the malformed signature, checksum, version and truncation cases stop before it.
/// </summary>
static class ContainerSeeds
{
    /// <summary>Signature, envelope and checksum around an encoded body: the bytes NqzFile.Write would store.</summary>
    public static byte[] Wrap(byte[] body)
    {
        using var file = new MemoryStream();
        NqzFile.WriteTo(file, body);
        return file.ToArray();
    }

    // One malformed body per kind of check; the others differ from these in a byte or two and add nothing but calibration time.
    static readonly string[] Malformed =
    [
        "malformed-code-lengths", "malformed-grid-level", "malformed-missing-tensor", "malformed-packed-scales-width",
        "malformed-positions-tail", "malformed-scale-axis", "malformed-symbol-count",
    ];

    /// <summary>The bodies of the valid golden files and, with <paramref name="malformed"/>, of one malformed file per kind of check.</summary>
    public static IEnumerable<Seed> Bodies(string repositoryRoot, bool malformed)
    {
        string folder = Path.Combine(repositoryRoot, "tests", "Quantize.Format.Tests", "Golden");
        foreach (string path in Directory.GetFiles(folder, "*.nqz").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!name.StartsWith("valid-", StringComparison.Ordinal) && !(malformed && Malformed.Contains(name))) continue;
            byte[] bytes = File.ReadAllBytes(path);
            NqzEnvelope envelope = NqzEnvelope.Parser.ParseFrom(bytes.AsSpan(NqzLimits.Signature.Length));
            yield return new Seed(name + ".body", envelope.Body.ToByteArray());
        }
    }
}
