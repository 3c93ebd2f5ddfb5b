using System.Security.Cryptography;
using Google.Protobuf;
using Quantize.Format.Container.Proto;
using Quantize.Format.IO;


namespace Quantize.Format.Container;

/// <summary>
/// The outer layer of a .nqz file: signature, envelope, version and checksum. Everything inside the
/// body is interpreted only after the checksum matched.
/// </summary>
public static class NqzFile
{
    public static void Write(string path, NqzBody body) => AtomicFile.WriteAllBytes(path, ToBytes(body));

    public static byte[] ToBytes(NqzBody body)
    {
        byte[] bodyBytes = body.ToByteArray();
        var envelope = new NqzEnvelope
        {
            FormatVersion = NqzLimits.FormatVersion,
            Body = ByteString.CopyFrom(bodyBytes),
            BodySha256 = ByteString.CopyFrom(SHA256.HashData(bodyBytes)),
        };
        using var stream = new MemoryStream();
        stream.Write(NqzLimits.Signature);
        envelope.WriteTo(stream);
        return stream.ToArray();
    }

    public static NqzBody Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"container not found: {path}", path);
        if (new FileInfo(path).Length > NqzLimits.MaxFileBytes)
            throw new NqzFormatException($"{path} is larger than the 2 GiB limit of a .nqz file");
        return Parse(File.ReadAllBytes(path), path);
    }

    public static NqzBody Parse(ReadOnlySpan<byte> bytes, string description)
    {
        ReadOnlySpan<byte> signature = NqzLimits.Signature;
        if (bytes.Length < signature.Length || !bytes[..signature.Length].SequenceEqual(signature))
            throw new NqzFormatException($"{description} is not a .nqz container (missing signature)");

        NqzEnvelope envelope = ParseMessage(NqzEnvelope.Parser, bytes[signature.Length..], description, "envelope");
        if (envelope.FormatVersion != NqzLimits.FormatVersion)
            throw new NqzFormatException(
                $"{description} uses container format version {envelope.FormatVersion}; this build reads version {NqzLimits.FormatVersion} (unsupported version)");
        byte[] actual = SHA256.HashData(envelope.Body.Span);
        if (!envelope.BodySha256.Span.SequenceEqual(actual))
            throw new NqzFormatException($"{description} is corrupt (checksum mismatch)");

        NqzBody body = ParseMessage(NqzBody.Parser, envelope.Body.Span, description, "body");
        NqzValidator.Validate(body, description);
        return body;
    }

    static T ParseMessage<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, string description, string part)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new NqzFormatException($"{description} is corrupt (unreadable {part}: {e.Message.TrimEnd('.')})", e);
        }
    }
}
