using System.Security.Cryptography;
using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Writes container files by hand (signature and envelope as docs/format.md describes them), so that tests
/// can wrap any body, even a tampered one, with a correct checksum, and decodes files as a reader would.
/// </summary>
static class ContainerBytes
{
    public static readonly byte[] Signature = [0x89, 0x4E, 0x51, 0x5A, 0x0D, 0x0A, 0x1A, 0x0A];

    // Generous: decoding these small files takes microseconds; only a hang comes near it.
    static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    public static byte[] Wrap(NqzBody body, uint version = 1) => Wrap(body.ToByteArray(), version);

    public static byte[] Wrap(byte[] body, uint version = 1, byte[]? checksum = null)
    {
        var envelope = new NqzEnvelope
        {
            FormatVersion = version,
            Body = ByteString.CopyFrom(body),
            BodySha256 = ByteString.CopyFrom(checksum ?? SHA256.HashData(body)),
        };
        return [.. Signature, .. envelope.ToByteArray()];
    }

    /// <summary>Everything a reader does with a file: parse and validate, decode the tensors, restore the model.</summary>
    public static void DecodeFully(byte[] file)
    {
        NqzBody body = NqzFile.Parse(file, "test.nqz");
        NqzDecoder.DecodeTensors(body);
        NqzDecoder.DecodeModel(body, "test.nqz");
    }

    /// <summary>What <see cref="DecodeFully"/> threw, or null if it accepted the file; fails the test on a hang.</summary>
    public static async Task<Exception?> TryDecodeAsync(byte[] file)
    {
        Task<Exception?> attempt = Task.Run(() =>
        {
            try
            {
                DecodeFully(file);
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        return await attempt.WaitAsync(HangLimit);
    }

    /// <summary>Asserts the file is refused with <see cref="NqzFormatException"/> and no other exception type.</summary>
    public static async Task<NqzFormatException> AssertRejectedAsync(byte[] file, string? problem = null)
    {
        Exception? error = await TryDecodeAsync(file);
        Assert.NotNull(error);
        var formatError = Assert.IsType<NqzFormatException>(error);
        if (problem != null) Assert.Contains(problem, formatError.Message);
        return formatError;
    }

    /// <summary>Asserts the file is either accepted or refused with <see cref="NqzFormatException"/>; returns whether it was accepted.</summary>
    public static async Task<bool> AssertAcceptedOrRejectedCleanlyAsync(byte[] file, string caseName)
    {
        Exception? error = await TryDecodeAsync(file);
        if (error != null && error is not NqzFormatException)
            Assert.Fail($"{caseName}: threw {error.GetType().Name} instead of NqzFormatException: {error}");
        return error == null;
    }
}
